package dev.herald.gateway;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/**
 * The live dashboard and the admin endpoints only it needs: {@code GET /} answers the page and
 * {@code /dashboard/*} its scripts and styles (static files on the classpath, no build step);
 * {@code GET /admin/topology} who publishes and handles what ({@link Topology}); {@code GET
 * /admin/consumers} lag and throughput over time ({@link ConsumerHistory}); {@code GET
 * /admin/events/stream?backlog=N} every new event on every topic as Server-Sent Events, after the
 * newest {@code N} already seen ({@link IndexFeed}). The page itself is public (it holds no data);
 * everything it shows comes from the admin API and needs the admin right.
 */
final class DashboardRoutes implements Routes {
  static final String ASSETS = "/dev/herald/gateway/dashboard";
  private static final int MAX_BACKLOG = 1_000;
  private static final Map<String, String> HEADERS =
      Map.of(
          "Cache-Control", "no-cache",
          "Content-Security-Policy",
              "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
                  + " connect-src 'self'; frame-ancestors 'none'",
          "X-Content-Type-Options", "nosniff");

  private final AccessControl access;
  private final Topology topology;
  private final ConsumerHistory consumers;
  private final EventIndex index;
  private final Streams streams;
  private final SseRoute sse;
  private final int clientBuffer;
  private final Clock clock;

  DashboardRoutes(
      AccessControl access,
      Topology topology,
      ConsumerHistory consumers,
      EventIndex index,
      Streams streams,
      SseRoute sse,
      int clientBuffer,
      Clock clock) {
    this.access = access;
    this.topology = topology;
    this.consumers = consumers;
    this.index = index;
    this.streams = streams;
    this.sse = sse;
    this.clientBuffer = clientBuffer;
    this.clock = clock;
  }

  @Override
  public void register(JavalinConfig config) {
    config.routes.get(
        "/",
        ctx -> {
          HEADERS.forEach(ctx::header);
          ctx.contentType("text/html; charset=utf-8").result(resource("index.html"));
        });
    config.staticFiles.add(
        files -> {
          files.hostedPath = "/dashboard";
          files.directory = ASSETS;
          files.location = Location.CLASSPATH;
          files.headers = HEADERS;
        });
    config.routes.get("/admin/topology", this::topology);
    config.routes.get("/admin/consumers", this::consumers);
    // before /admin/events/{id}, which would take "stream" for an id
    config.routes.get("/admin/events/stream", this::events);
  }

  private void topology(Context ctx) {
    access.caller(ctx).requireAdmin();
    AdminParams.only(ctx, Set.of());
    AdminJson.send(ctx, topology.snapshot(clock.instant()));
  }

  private void consumers(Context ctx) {
    access.caller(ctx).requireAdmin();
    AdminParams.only(ctx, Set.of());
    AdminJson.send(ctx, consumers.snapshot());
  }

  private void events(Context ctx) {
    access.caller(ctx).requireAdmin();
    AdminParams.only(ctx, Set.of("backlog"));
    int backlog = AdminParams.count(ctx, "backlog", 0, MAX_BACKLOG);
    sse.stream(ctx, streams.track(IndexFeed.open(index, backlog, clientBuffer)));
  }

  private static byte[] resource(String name) {
    try (InputStream in = DashboardRoutes.class.getResourceAsStream(ASSETS + "/" + name)) {
      if (in == null) {
        throw new IllegalStateException("the dashboard's " + name + " is missing from the jar");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
