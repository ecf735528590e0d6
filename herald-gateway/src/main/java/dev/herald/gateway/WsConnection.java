package dev.herald.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One WebSocket client: its caller, its subscriptions (each streamed by a virtual thread of its
 * own) and the lock that keeps one message on the wire at a time. Messages are JSON objects with a
 * {@code type}; see {@link WebSocketRoute} for the protocol.
 */
final class WsConnection {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

  private final Session session;
  private final AccessControl.Caller caller;
  private final Streams streams;
  private final PublishRoute publish;
  private final Duration heartbeat;
  private final Map<String, StreamSource> subscriptions = new ConcurrentHashMap<>();
  private final Object sending = new Object();

  WsConnection(
      Session session,
      AccessControl.Caller caller,
      Streams streams,
      PublishRoute publish,
      Duration heartbeat) {
    this.session = session;
    this.caller = caller;
    this.streams = streams;
    this.publish = publish;
    this.heartbeat = heartbeat;
  }

  /** Handles one message from the client; answers a bad one with an {@code error} message. */
  void receive(String text) {
    String id = null;
    try {
      JsonNode message = parse(text);
      id = message.path("id").isTextual() ? message.get("id").textValue() : null;
      switch (required(message, "type")) {
        case "subscribe" -> subscribe(message);
        case "unsubscribe" -> unsubscribe(message);
        case "ack" -> ack(message);
        case "publish" -> publish(message);
        default ->
            throw GatewayProblem.badRequest(
                "unknown-message",
                "unknown message type '"
                    + message.get("type").asText()
                    + "'; use subscribe, unsubscribe, ack or publish");
      }
    } catch (GatewayProblem problem) {
      ObjectNode error = JSON.createObjectNode().put("type", "error");
      if (id != null) {
        error.put("id", id);
      }
      error.set("problem", Problems.body(problem, "/ws"));
      send(error.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void subscribe(JsonNode message) {
    String id = required(message, "id");
    String topic = PublishRoute.topic(required(message, "topic"));
    caller.requireSubscribe(topic);
    if (subscriptions.containsKey(id)) {
      throw GatewayProblem.badRequest(
          "duplicate-subscription", "subscription " + id + " exists; unsubscribe it first");
    }
    java.util.Optional<String> group =
        message.path("group").isTextual()
            ? java.util.Optional.of(message.get("group").textValue())
            : java.util.Optional.empty();
    String from = message.path("from").isTextual() ? message.get("from").textValue() : "latest";
    StreamSource source = streams.open(topic, group, from);
    subscriptions.put(id, source);
    send(JSON.createObjectNode().put("type", "subscribed").put("id", id).toString());
    Thread.ofVirtual().name("herald-gateway-ws-" + id).start(() -> stream(id, source));
  }

  private void stream(String id, StreamSource source) {
    try {
      while (session.isOpen() && subscriptions.containsValue(source) && !source.stopped()) {
        List<StreamEvent> events = source.next(heartbeat);
        for (StreamEvent event : events) {
          send(
              "{\"type\":\"event\",\"subscription\":"
                  + JSON.writeValueAsString(id)
                  + ",\"position\":\""
                  + event.cursor()
                  + "\",\"event\":"
                  + event.json()
                  + "}");
        }
      }
    } catch (StreamSource.TooSlowException e) {
      ObjectNode dropped = JSON.createObjectNode().put("type", "dropped");
      send(dropped.put("subscription", id).put("detail", e.getMessage()).toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      // the connection is gone or failed: the subscription ends with it
    } finally {
      subscriptions.remove(id, source);
      try {
        source.close();
      } finally {
        streams.ended(source);
      }
    }
  }

  private void unsubscribe(JsonNode message) {
    String id = required(message, "subscription");
    StreamSource source = subscriptions.remove(id);
    if (source == null) {
      throw GatewayProblem.notFound("no-such-subscription", "no subscription " + id);
    }
    source.stop();
    send(JSON.createObjectNode().put("type", "unsubscribed").put("subscription", id).toString());
  }

  private void ack(JsonNode message) {
    String id = required(message, "subscription");
    StreamSource source = subscriptions.get(id);
    if (source == null) {
      throw GatewayProblem.notFound("no-such-subscription", "no subscription " + id);
    }
    source.acknowledged(Cursor.parse(required(message, "position")));
  }

  private void publish(JsonNode message) throws InterruptedException {
    String id = required(message, "id");
    String topic = PublishRoute.topic(required(message, "topic"));
    caller.requirePublish(topic);
    JsonNode event = message.get("event");
    if (event == null || !event.isObject()) {
      throw GatewayProblem.badRequest(
          "invalid-message", "a publish message has an \"event\": the CloudEvent as a JSON object");
    }
    var envelope = HttpEvents.structured(event);
    var positions = publish.publish(topic, List.of(envelope));
    ObjectNode answer = JSON.createObjectNode().put("type", "published").put("id", id);
    answer.putArray("positions").add(PublishRoute.position(positions.get(0), envelope.id()));
    send(answer.toString());
  }

  /** Ends every subscription; the client is gone. */
  void close() {
    subscriptions.values().forEach(StreamSource::stop);
  }

  private void send(String text) {
    synchronized (sending) {
      Callback.Completable sent = new Callback.Completable();
      session.sendText(text, sent);
      try {
        sent.get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        session.close();
      }
    }
  }

  private static JsonNode parse(String text) {
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || !node.isObject()) {
        throw GatewayProblem.badRequest("invalid-message", "a message is a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw GatewayProblem.badRequest("invalid-message", "the message is not valid JSON");
    }
  }

  private static String required(JsonNode message, String field) {
    JsonNode value = message.get(field);
    if (value == null || !value.isTextual() || value.textValue().isBlank()) {
      throw GatewayProblem.badRequest(
          "invalid-message", "the message needs \"" + field + "\" as a non-empty string");
    }
    return value.textValue();
  }
}
