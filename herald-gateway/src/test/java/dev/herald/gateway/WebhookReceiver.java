package dev.herald.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A real webhook receiver on 127.0.0.1 (the JDK's HTTP server): it answers from a script (then
 * 200), and keeps every request it got.
 */
final class WebhookReceiver implements AutoCloseable {
  /** One answer: a status and extra headers. */
  record Reply(int status, Map<String, String> headers) {
    static Reply of(int status) {
      return new Reply(status, Map.of());
    }
  }

  /** One request as received; the body is not copied, and nothing changes it. */
  @SuppressWarnings("ArrayRecordComponent")
  record Received(Map<String, String> headers, byte[] body, long nanoTime) {
    String header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** Whether the signature verifies with {@code secret}, by the receiver's own code. */
    boolean verifiesWith(String secret) throws Exception {
      return SignatureCheck.verifies(
          secret,
          header("webhook-id"),
          header("webhook-timestamp"),
          body,
          header("webhook-signature"));
    }
  }

  private final HttpServer server;
  private final Function<Received, Reply> replies;
  private final BlockingQueue<Received> arrivals = new LinkedBlockingQueue<>();
  private final List<Received> all = new CopyOnWriteArrayList<>();

  /** A receiver that answers {@code script} in turn, then 200. */
  WebhookReceiver(Reply... script) throws IOException {
    this(scripted(script));
  }

  /** A receiver that answers each request with what {@code replies} says. */
  WebhookReceiver(Function<Received, Reply> replies) throws IOException {
    this.replies = replies;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", this::handle);
    server.start();
  }

  private void handle(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new HashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
    headers.put("host", exchange.getRequestHeaders().getFirst("Host"));
    byte[] body = exchange.getRequestBody().readAllBytes();
    Received received = new Received(headers, body, System.nanoTime());
    all.add(received); // before answering: once the sender has its answer, this is counted
    arrivals.add(received);
    Reply reply = replies.apply(received);
    reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    exchange.sendResponseHeaders(reply.status(), -1);
    exchange.close();
  }

  private static Function<Received, Reply> scripted(Reply... script) {
    ConcurrentLinkedQueue<Reply> left = new ConcurrentLinkedQueue<>(List.of(script));
    return received -> {
      Reply reply = left.poll();
      return reply == null ? Reply.of(200) : reply;
    };
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port>/hook}. */
  URI url() {
    return URI.create("http://127.0.0.1:" + port() + "/hook");
  }

  /** The next request not yet taken, waiting up to {@code timeout} for it. */
  Received next(Duration timeout) throws InterruptedException {
    Received received = arrivals.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (received == null) {
      throw new AssertionError("the receiver got no request within " + timeout);
    }
    return received;
  }

  /** Every request so far, in arrival order. */
  List<Received> all() {
    return new ArrayList<>(all);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
