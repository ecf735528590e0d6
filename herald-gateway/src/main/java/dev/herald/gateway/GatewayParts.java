package dev.herald.gateway;

import java.util.ArrayList;
import java.util.List;

/** What a {@link Gateway} is made of: its endpoints and what must be closed with it. */
final class GatewayParts implements AutoCloseable {
  private final List<Routes> routes = new ArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();

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
    routes.add(new HealthRoutes(builder.transport, builder.meters));
    routes.add(new SchemaRoutes(access, schemas));
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
