package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.herald.core.EventBus;
import dev.herald.core.EventType;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code herald demo --metrics-port} and OTLP export when OTEL_EXPORTER_OTLP_ENDPOINT is set. */
class DemoObservabilityTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Pattern FIRST_ORDER_DONE =
      Pattern.compile(
          "herald_events_handled_total\\{group=\"shop-notifications\",[^}]*"
              + "type=\"shop.order.confirmed\"} [1-9]");
  private final HttpClient http = HttpClient.newHttpClient();

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void demoWithMetricsPort_servesPrometheusTextWithHeraldsMetrics() throws Exception {
    int port = freePort();
    String url = "http://127.0.0.1:" + port + "/metrics";
    CompletableFuture<Cli.Result> demo =
        CompletableFuture.supplyAsync(
            () ->
                Cli.run(
                    "demo",
                    "--orders",
                    "3",
                    "--exit",
                    "--rate",
                    "1",
                    "--temp",
                    "--metrics-port",
                    Integer.toString(port)));

    // The server lives as long as the demo; ask until the first order went through every service.
    String body = "";
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!FIRST_ORDER_DONE.matcher(body).find()) {
      assertThat(System.nanoTime() - deadline).as("metrics within %s", WAIT).isNegative();
      assertThat(demo).as("the demo still runs").isNotDone();
      try {
        HttpResponse<String> response = get(url);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
            .contains(MetricsServer.CONTENT_TYPE);
        body = response.body();
      } catch (IOException notYetListening) {
        LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
      }
    }
    Cli.Result result = demo.get(WAIT.toSeconds(), TimeUnit.SECONDS);

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err()).contains("Metrics (Prometheus text): " + url);
    assertThat(body)
        .containsPattern(
            "herald_events_published_total\\{[^}]*service=\"shop-notifications\"[^}]*} [1-9]")
        .containsPattern(
            "herald_events_handled_total\\{[^}]*service=\"shop-inventory\","
                + "topic=\"shop.stock.commands\",type=\"shop.stock.reserve\"} [1-9]")
        .contains("herald_handler_duration_seconds_bucket{")
        .containsPattern("herald_consumer_lag\\{group=\"shop-payments\",partition=\"0\"");
    assertThat(body).as("only Herald's own meters").doesNotContain("jvm_");
  }

  @Test
  void metricsPortOutOfRange_isBadInput() {
    for (String port : new String[] {"0", "65536", "-1"}) {
      Cli.assertBadInput(
          Cli.run("demo", "--orders", "1", "--metrics-port", port),
          "--metrics-port: must be a port from 1 to 65535, was " + port);
    }
  }

  @Test
  void metricsPortInUse_isBadInputNamingThePort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Cli.Result result =
          Cli.run("demo", "--orders", "1", "--temp", "--metrics-port", Integer.toString(port));
      Cli.assertBadInput(result, "--metrics-port: port " + port + " on 127.0.0.1 is in use");
    }
  }

  @Test
  void metricsServer_answersOnlyGetOnSlashMetrics() throws Exception {
    try (Observability observability = Observability.open(Optional.of(freePort()), Map.of())) {
      String url = observability.describe().get(0).replace("Metrics (Prometheus text): ", "");
      assertThat(get(url).statusCode()).isEqualTo(200);
      assertThat(get(url.replace("/metrics", "/")).statusCode()).isEqualTo(404);
      HttpResponse<String> post =
          http.send(
              HttpRequest.newBuilder(URI.create(url))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(405);
    }
  }

  @EventType(name = "shop.order.placed", key = "orderId")
  record OrderPlaced(String orderId, String customerId) {}

  @Test
  void withoutEndpoint_noSdkIsMade() {
    assertThat(Telemetry.fromEnvironment(Map.of(), "orders")).isEmpty();
    assertThat(Telemetry.fromEnvironment(Map.of(Telemetry.ENDPOINT, " "), "orders")).isEmpty();
    try (Observability none = Observability.open(Optional.empty(), Map.of())) {
      assertThat(none.describe()).isEmpty();
    }
  }

  @Test
  void withEndpoint_spansAreSentByOtlpHttp() throws Exception {
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    HttpServer collector =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    collector.createContext(
        "/",
        exchange -> {
          try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(
                exchange.getRequestMethod()
                    + " "
                    + exchange.getRequestURI().getPath()
                    + " "
                    + exchange.getRequestHeaders().getFirst("Content-Type")
                    + " "
                    + body.length);
            exchange.sendResponseHeaders(200, -1);
          }
        });
    collector.start();
    String endpoint = "http://127.0.0.1:" + collector.getAddress().getPort();
    try (Transport transport = Transports.memory()) {
      Observability observability =
          Observability.open(Optional.empty(), Map.of(Telemetry.ENDPOINT, endpoint));
      assertThat(observability.describe()).containsExactly("Traces (OTLP): " + endpoint);
      try (observability;
          EventBus orders =
              observability
                  .configure(EventBus.builder("orders"), "orders")
                  .transport(transport)
                  .build()) {
        orders.publish(new OrderPlaced("o-1", "c-1"));
      }
      String request = received.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(request).as("a request within %s", WAIT).isNotNull();
      assertThat(request).startsWith("POST /v1/traces application/x-protobuf ");
      assertThat(Integer.parseInt(request.substring(request.lastIndexOf(' ') + 1))).isPositive();
    } finally {
      collector.stop(0);
    }
  }

  @Test
  void grpcProtocol_isRefusedWithWhatToDo() {
    assertThatThrownBy(
            () ->
                Telemetry.fromEnvironment(
                    Map.of(
                        Telemetry.ENDPOINT,
                        "http://127.0.0.1:4317",
                        "OTEL_EXPORTER_OTLP_PROTOCOL",
                        "grpc"),
                    "orders"))
        .isInstanceOf(BadInputException.class)
        .hasMessageContaining("OTEL_EXPORTER_OTLP_PROTOCOL")
        .hasMessageContaining("http/protobuf");
  }
}
