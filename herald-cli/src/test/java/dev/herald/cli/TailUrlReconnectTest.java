package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.herald.core.Delivery;
import dev.herald.core.Envelope;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code herald tail --url} when the gateway drops it for falling behind: it reconnects right after
 * the last event it printed. A real gateway drops only a client that stops reading, which the tail
 * never does, so a small HTTP server plays the gateway's part of the stream word for word.
 */
class TailUrlReconnectTest {
  private final BlockingQueue<String> asked = new LinkedBlockingQueue<>();
  private HttpServer server;
  private String url;

  @BeforeEach
  void start() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/topics/shop.order/stream", this::stream);
    server.start();
    url = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  /** First e1 then a drop; asked again from after e1, e2. */
  private void stream(HttpExchange exchange) throws IOException {
    String query = exchange.getRequestURI().getQuery();
    asked.add(query);
    exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream body = exchange.getResponseBody()) {
      String text;
      if (query.equals("from=earliest")) {
        // The event's JSON over two data lines, which the reader joins with a newline.
        String e1 = event("e1", 0);
        int cut = e1.indexOf(",\"source\"");
        text =
            ":connected\n\nevent: message\nid: 0:1\ndata: "
                + e1.substring(0, cut)
                + "\ndata: "
                + e1.substring(cut)
                + "\n\n:heartbeat\n\nevent: herald.dropped\ndata: too slow\n\n";
      } else {
        text = "id: 0:2\ndata: " + event("e2", 1) + "\n\n";
      }
      body.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String event(String id, long offset) {
    Envelope envelope =
        Envelope.builder()
            .id(id)
            .source("test")
            .type("note.written")
            .dataContentType("application/json")
            .data("{\"n\":1.50}")
            .build();
    ObjectNode json = CloudEventJson.event(new Delivery(envelope, "shop.order", 0, offset));
    return CloudEventJson.line(json);
  }

  @Test
  void tail_droppedByTheGateway_resumesAfterTheLastEventPrinted() {
    Cli.Result result =
        Cli.run("tail", "--url", url, "--topic", "shop.order", "--from", "earliest", "--max", "2");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.lines()).containsExactly(event("e1", 0), event("e2", 1));
    assertThat(result.lines().get(0)).contains("\"data\":{\"n\":1.50}");
    assertThat(result.err())
        .contains(
            "note: the gateway dropped this stream (too slow); resuming after the last event"
                + " printed")
        .contains("give --from 0:2");
    assertThat(List.copyOf(asked)).containsExactly("from=earliest", "from=0:1");
  }
}
