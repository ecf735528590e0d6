package dev.herald.gateway;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/** What a {@link Gateway} is made of: its endpoints and what must be closed with it. */
final class GatewayParts implements AutoCloseable {
  private final List<Routes> routes = new ArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final Streams streams;

  GatewayParts(Gateway.Builder builder, AccessControl access) {
    EventSchemas schemas = new EventSchemas();
    PublishRoute publish =
        new PublishRoute(
            builder.transport,
            access,
            schemas,
            builder.maxBodyBytes,
            builder.appendTimeout,
            builder.meters);
    routes.add(config -> config.routes.post("/topics/{topic}/events", publish::handle));
    streams =
        new Streams(builder.transport, builder.clientBuffer, builder.heartbeat, builder.meters);
    closeables.add(streams);
    SseRoute sse = new SseRoute(access, streams, builder.heartbeat);
    routes.add(config -> config.routes.get("/topics/{topic}/stream", sse::handle));
    routes.add(
        new WebSocketRoute(access, streams, publish, builder.heartbeat, builder.allowedOrigins));
    routes.add(new HealthRoutes(builder.transport, builder.meters));
    routes.add(new SchemaRoutes(access, schemas));
    EventIndex index = EventIndex.start(builder.transport, builder.index, Clock.systemUTC());
    closeables.add(index);
    routes.addAll(AdminRoutes.of(builder.transport, access, index));
    Webhooks webhooks = Webhooks.start(builder.transport, access, builder.webhooks);
    closeables.add(webhooks);
    routes.add(webhooks.routes());
  }

  List<Routes> routes() {
    return routes;
  }

  List<AutoCloseable> closeables() {
    return closeables;
  }

  /** The SSE and WebSocket streams, which must end before the server stops. */
  Streams streams() {
    return streams;
  }

  @Override
  public void close() {
    for (AutoCloseable closeable : closeables) {
      try {
        closeable.close();
      } catch (Exception e) {
        // closing after a failed start: nothing more to do with it
      }
    }
  }
}
