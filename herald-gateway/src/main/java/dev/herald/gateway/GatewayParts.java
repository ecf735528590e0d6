package dev.herald.gateway;

import dev.herald.core.OutcomeReport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What a {@link Gateway} is made of: its endpoints and what must be closed with it. */
final class GatewayParts implements AutoCloseable {
  private final List<Routes> routes = new ArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final Streams streams;
  private final PanelRoutes panels;

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
    Clock clock = Clock.systemUTC();
    Topology topology = new Topology();
    OutcomeIndex outcomes = new OutcomeIndex(builder.index.capacity(), topology::reported);
    EventIndex index =
        EventIndex.start(
            builder.transport,
            builder.index,
            clock,
            topology::published,
            Map.of(OutcomeReport.TOPIC, outcomes::add));
    closeables.add(index);
    ConsumerHistory history =
        ConsumerHistory.start(
            builder.transport, clock, ConsumerHistory.EVERY, ConsumerHistory.SAMPLES);
    closeables.add(history);
    routes.add(
        new DashboardRoutes(
            access, topology, history, index, streams, sse, builder.clientBuffer, clock));
    routes.addAll(AdminRoutes.of(builder.transport, access, index));
    routes.add(new FlowRoutes(index, outcomes, topology, builder.transport, access));
    panels = new PanelRoutes(access, clock);
    routes.add(panels);
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

  /** The dashboard's application panels. */
  PanelRoutes panels() {
    return panels;
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
