package dev.herald.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.herald.core.HeraldException;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a {@link PrometheusMeterRegistry} as Prometheus text at {@code GET /metrics} on the
 * loopback address only, from one daemon thread, until closed.
 */
final class MetricsServer implements AutoCloseable {
  /** The content type of the Prometheus text format. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts serving {@code registry} on 127.0.0.1:{@code port}.
   *
   * @throws BadInputException if the port is taken
   * @throws HeraldException if the server cannot start for another reason
   */
  static MetricsServer start(int port, PrometheusMeterRegistry registry) {
    InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    HttpServer server;
    try {
      server = HttpServer.create(address, 0);
    } catch (BindException e) {
      throw new BadInputException(
          "--metrics-port: port "
              + port
              + " on "
              + address.getAddress().getHostAddress()
              + " is in use; pick a free port (such as 9464) or leave --metrics-port out",
          e);
    } catch (IOException e) {
      throw new HeraldException("cannot serve metrics on " + address + ": " + e, e);
    }
    server.createContext("/", exchange -> respond(exchange, registry));
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            Thread.ofPlatform().daemon().name("herald-metrics").factory());
    server.setExecutor(executor);
    server.start();
    return new MetricsServer(server, executor);
  }

  /** The port it listens on. */
  int port() {
    return server.getAddress().getPort();
  }

  /** Where to scrape: {@code http://127.0.0.1:PORT/metrics}. */
  String url() {
    return "http://"
        + server.getAddress().getAddress().getHostAddress()
        + ":"
        + port()
        + "/metrics";
  }

  private static void respond(HttpExchange exchange, PrometheusMeterRegistry registry)
      throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      if (!exchange.getRequestURI().getPath().equals("/metrics")) {
        send(exchange, 404, "text/plain; charset=utf-8", "Herald serves metrics at /metrics\n");
      } else if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "use GET\n");
      } else {
        send(exchange, 200, CONTENT_TYPE, registry.scrape());
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Stops serving at once. */
  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
