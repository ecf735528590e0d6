package dev.herald.gateway;

import dev.herald.core.spi.Transport;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code /health/live} (the process answers), {@code /health/ready} (the transport answers within
 * two seconds; 503 otherwise, so a load balancer sends traffic elsewhere) and {@code /metrics}
 * (Prometheus text). None needs a token: they reveal nothing about events.
 */
final class HealthRoutes implements Routes {
  private static final Duration READY_WITHIN = Duration.ofSeconds(2);
  private static final String PROBE_TOPIC = "herald.gateway.ready";

  private final Transport transport;
  private final PrometheusMeterRegistry meters;

  HealthRoutes(Transport transport, PrometheusMeterRegistry meters) {
    this.transport = transport;
    this.meters = meters;
  }

  @Override
  public void register(JavalinConfig config) {
    config.routes.get("/health/live", ctx -> status(ctx, 200, "UP", "the gateway answers"));
    config.routes.get("/health/ready", this::ready);
    config.routes.get(
        "/metrics",
        ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(meters.scrape()));
  }

  private void ready(Context ctx) throws InterruptedException {
    CompletableFuture<Integer> probe =
        CompletableFuture.supplyAsync(() -> transport.partitions(PROBE_TOPIC));
    try {
      probe.get(READY_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
      status(ctx, 200, "UP", "the transport answers");
    } catch (ExecutionException e) {
      status(ctx, 503, "DOWN", "the transport fails: " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      status(
          ctx,
          503,
          "DOWN",
          "the transport did not answer within " + READY_WITHIN.toSeconds() + " s");
    }
  }

  private static void status(Context ctx, int code, String status, String detail) {
    ctx.status(code)
        .contentType("application/json")
        .result("{\"status\":\"" + status + "\",\"detail\":" + quote(detail) + "}");
  }

  private static String quote(String text) {
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(text).toString();
  }
}
