package dev.herald.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.spi.Transport;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The admin API's topics: {@code GET /admin/topics} (every topic, by name; {@code ?internal=false}
 * leaves out Herald's own) and {@code GET /admin/topics/{topic}}. A topic is {@code {"name",
 * "internal", "partitions": [{"partition", "endOffset"}], "events"}}, {@code events} being the sum
 * of the end offsets (events ever appended, retention aside); end offsets are left out if the
 * transport cannot tell them. Looking does not create a topic, unless the transport cannot list its
 * topics: then {@code /admin/topics} answers 501, and one topic is asked for directly.
 */
final class TopicRoutes implements Routes {
  private final Transport transport;
  private final AccessControl access;

  TopicRoutes(Transport transport, AccessControl access) {
    this.transport = transport;
    this.access = access;
  }

  @Override
  public void register(JavalinConfig config) {
    config.routes.get("/admin/topics", this::list);
    config.routes.get("/admin/topics/{topic}", this::get);
  }

  private void list(Context ctx) {
    access.caller(ctx).requireAdmin();
    AdminParams.only(ctx, Set.of("internal"));
    boolean internal = AdminParams.flag(ctx, "internal", true);
    Set<String> names = topics().orElseThrow(() -> cannotList("list its topics"));
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    for (String name : new TreeSet<>(names)) {
      if (internal || !InternalTopics.isInternal(name)) {
        list.add(topic(name));
      }
    }
    AdminJson.send(ctx, list);
  }

  private void get(Context ctx) {
    access.caller(ctx).requireAdmin();
    AdminParams.only(ctx, Set.of());
    String name = PublishRoute.topic(ctx.pathParam("topic"));
    if (topics().map(names -> !names.contains(name)).orElse(false)) {
      throw GatewayProblem.notFound(
          "no-such-topic", "there is no topic " + name + "; GET /admin/topics lists them");
    }
    AdminJson.send(ctx, topic(name));
  }

  private Optional<Set<String>> topics() {
    return AdminCalls.ask("list its topics", transport::topics);
  }

  private ObjectNode topic(String name) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("name", name);
    node.put("internal", InternalTopics.isInternal(name));
    ArrayNode partitions = node.putArray("partitions");
    Optional<Map<Integer, Long>> ends =
        AdminCalls.ask("tell the end offsets of " + name, () -> transport.endOffsets(name));
    if (ends.isPresent()) {
      long events = 0;
      for (Map.Entry<Integer, Long> end : new TreeMap<>(ends.get()).entrySet()) {
        partitions.addObject().put("partition", end.getKey()).put("endOffset", end.getValue());
        events += end.getValue();
      }
      node.put("events", events);
    } else {
      int count =
          AdminCalls.ask("count the partitions of " + name, () -> transport.partitions(name));
      for (int partition = 0; partition < count; partition++) {
        partitions.addObject().put("partition", partition);
      }
    }
    return node;
  }

  static GatewayProblem cannotList(String what) {
    return new GatewayProblem(
        501,
        "not-supported",
        "Not implemented",
        "this gateway's transport cannot " + what + "; use a transport that can (log, kafka)");
  }
}
