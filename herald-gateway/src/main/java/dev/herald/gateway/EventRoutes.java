package dev.herald.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The admin API's event lookup, from the gateway's {@link EventIndex} (the newest events only):
 * {@code GET /admin/events/{id}} answers the event as CloudEvents JSON with {@code heraldtopic},
 * {@code heraldpartition} and {@code heraldoffset}; {@code GET /admin/events?correlationid=X}
 * answers every event of that flow the index holds, as a JSON array in time and then position
 * order, each with its {@code causationid} (if any) so that a client can build the causal tree;
 * {@code GET /admin/events} without it answers the newest events ({@code limit}, default 100),
 * optionally only of one {@code topic} or {@code type}, oldest of them first.
 */
final class EventRoutes implements Routes {
  private static final int DEFAULT_LIMIT = 100;
  private static final int MAX_LIMIT = 1_000;

  private final EventIndex index;
  private final AccessControl access;

  EventRoutes(EventIndex index, AccessControl access) {
    this.index = index;
    this.access = access;
  }

  @Override
  public void register(JavalinConfig config) {
    config.routes.get("/admin/events", this::list);
    config.routes.get("/admin/events/{id}", this::get);
  }

  private void get(Context ctx) {
    access.caller(ctx).requireAdmin();
    AdminParams.only(ctx, Set.of());
    String id = ctx.pathParam("id");
    IndexedEvent event =
        index
            .byId(id)
            .orElseThrow(
                () ->
                    GatewayProblem.notFound(
                        "no-such-event",
                        "the gateway knows no event with id "
                            + id
                            + "; it keeps only the newest "
                            + index.capacity()
                            + " events of the topics it follows, so the event may be older, not"
                            + " yet read, or on a topic not yet found (new topics are found"
                            + " within seconds)"));
    AdminJson.send(ctx, AdminJson.event(event.delivery()));
  }

  private void list(Context ctx) {
    access.caller(ctx).requireAdmin();
    AdminParams.only(ctx, Set.of("correlationid", "limit", "topic", "type"));
    Optional<String> flow = AdminParams.text(ctx, "correlationid");
    List<IndexedEvent> events;
    if (flow.isPresent()) {
      if (ctx.queryParamMap().keySet().stream()
          .anyMatch(Set.of("limit", "topic", "type")::contains)) {
        throw GatewayProblem.badRequest(
            "invalid-parameter",
            "correlationid answers the whole flow; leave out limit, topic and type");
      }
      events = index.byCorrelation(flow.get());
    } else {
      int limit = AdminParams.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
      Optional<String> topic = AdminParams.text(ctx, "topic");
      Optional<String> type = AdminParams.text(ctx, "type");
      events =
          index.latest(
              limit,
              event ->
                  topic.map(event.delivery().topic()::equals).orElse(true)
                      && type.map(event.envelope().type()::equals).orElse(true));
    }
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    events.forEach(event -> list.add(AdminJson.event(event.delivery())));
    AdminJson.send(ctx, list);
  }
}
