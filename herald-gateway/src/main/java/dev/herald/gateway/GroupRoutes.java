package dev.herald.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.spi.CommittedOffsets;
import dev.herald.core.spi.Transport;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The admin API's consumer groups and their lag: {@code GET /admin/groups} lists {@code {"group",
 * "topic", "partitions": [{"partition", "committed", "end", "lag"}], "lag"}} per group and topic it
 * committed on, by group and topic; {@code GET /admin/groups/{group}} answers {@code {"group",
 * "lag", "topics": [{"topic", "partitions", "lag"}]}}. Every partition of the topic is listed; as
 * with Kafka's tools, one the group never committed on has no {@code committed} and no {@code lag},
 * and {@code end} and {@code lag} are left out where the transport cannot tell the end offsets. A
 * total {@code lag} sums the lags known. Only groups that committed at least once are known; a
 * transport that cannot tell committed offsets gets 501.
 */
final class GroupRoutes implements Routes {
  private static final Comparator<CommittedOffsets> ORDER =
      Comparator.comparing(CommittedOffsets::group).thenComparing(CommittedOffsets::topic);

  private final Transport transport;
  private final AccessControl access;

  GroupRoutes(Transport transport, AccessControl access) {
    this.transport = transport;
    this.access = access;
  }

  @Override
  public void register(JavalinConfig config) {
    config.routes.get("/admin/groups", this::list);
    config.routes.get("/admin/groups/{group}", this::get);
  }

  private void list(Context ctx) {
    access.caller(ctx).requireAdmin();
    AdminParams.only(ctx, Set.of());
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    for (CommittedOffsets offsets : committed()) {
      ObjectNode entry = list.addObject();
      entry.put("group", offsets.group());
      lag(entry, offsets);
    }
    AdminJson.send(ctx, list);
  }

  private void get(Context ctx) {
    access.caller(ctx).requireAdmin();
    AdminParams.only(ctx, Set.of());
    String group = AdminParams.group(ctx);
    List<CommittedOffsets> topics =
        committed().stream().filter(offsets -> offsets.group().equals(group)).toList();
    if (topics.isEmpty()) {
      throw GatewayProblem.notFound(
          "no-such-group",
          "consumer group "
              + group
              + " has committed no offsets (a group is known once it commits); GET /admin/groups"
              + " lists the groups");
    }
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    answer.put("group", group);
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    long total = 0;
    for (CommittedOffsets offsets : topics) {
      total += lag(list.addObject(), offsets);
    }
    answer.put("lag", total);
    answer.set("topics", list);
    AdminJson.send(ctx, answer);
  }

  private List<CommittedOffsets> committed() {
    return AdminCalls.ask("tell the committed offsets", transport::committedOffsets)
        .orElseThrow(() -> TopicRoutes.cannotList("tell the consumer groups' committed offsets"))
        .stream()
        .sorted(ORDER)
        .toList();
  }

  /** Puts the topic, its partitions and its total lag into {@code entry}; the total lag. */
  private long lag(ObjectNode entry, CommittedOffsets offsets) {
    String topic = offsets.topic();
    Optional<Map<Integer, Long>> ends =
        AdminCalls.ask("tell the end offsets of " + topic, () -> transport.endOffsets(topic));
    Set<Integer> partitions = new TreeSet<>(offsets.offsets().keySet());
    ends.ifPresent(known -> partitions.addAll(known.keySet()));
    entry.put("topic", topic);
    ArrayNode list = entry.putArray("partitions");
    long total = 0;
    for (int partition : partitions) {
      ObjectNode node = list.addObject().put("partition", partition);
      Optional<Long> committed = Optional.ofNullable(offsets.offsets().get(partition));
      Optional<Long> end = ends.map(known -> known.get(partition));
      committed.ifPresent(offset -> node.put("committed", offset));
      end.ifPresent(offset -> node.put("end", offset));
      if (committed.isPresent() && end.isPresent()) {
        long lag = Math.max(0, end.get() - committed.get());
        node.put("lag", lag);
        total += lag;
      }
    }
    entry.put("lag", total);
    return total;
  }
}
