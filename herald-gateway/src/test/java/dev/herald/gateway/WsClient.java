package dev.herald.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A WebSocket client for the tests: sends JSON, and queues every JSON message it receives. */
final class WsClient implements WebSocket.Listener, AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
  private final StringBuilder partial = new StringBuilder();
  private final WebSocket socket;

  WsClient(HttpClient client, URI gateway) {
    URI uri = URI.create("ws://" + gateway.getAuthority() + "/ws");
    this.socket = client.newWebSocketBuilder().buildAsync(uri, this).join();
  }

  void send(String json) {
    socket.sendText(json, true).join();
  }

  /** The next message, waiting up to {@code timeout}. */
  JsonNode next(Duration timeout) throws InterruptedException {
    JsonNode message = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (message == null) {
      throw new AssertionError("no message within " + timeout);
    }
    return message;
  }

  @Override
  public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
    partial.append(data);
    if (last) {
      try {
        received.add(JSON.readTree(partial.toString()));
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      partial.setLength(0);
    }
    webSocket.request(1);
    return null;
  }

  /** A listener that takes every message and does nothing with it. */
  static final class Ignoring implements WebSocket.Listener {}

  @Override
  public void close() {
    var unused = socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
  }
}
