package dev.herald.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import dev.herald.core.Position;
import dev.herald.core.spi.Names;
import dev.herald.core.spi.Transport;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code POST /topics/{topic}/events}: checks the caller may publish there, reads the events (body
 * size checked before buffering), checks each against its type's schema, appends them all in one
 * append, and answers 202 with their positions once the transport holds them. Nothing is appended
 * unless every event passed.
 */
final class PublishRoute {
  private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private final Transport transport;
  private final AccessControl access;
  private final EventSchemas schemas;
  private final int maxBodyBytes;
  private final Duration appendTimeout;
  private final Counter published;

  PublishRoute(
      Transport transport,
      AccessControl access,
      EventSchemas schemas,
      int maxBodyBytes,
      Duration appendTimeout,
      MeterRegistry meters) {
    this.transport = transport;
    this.access = access;
    this.schemas = schemas;
    this.maxBodyBytes = maxBodyBytes;
    this.appendTimeout = appendTimeout;
    this.published =
        Counter.builder("herald.gateway.events.published")
            .description("Events published over HTTP and WebSocket")
            .register(meters);
  }

  void handle(Context ctx) throws Exception {
    String topic = topic(ctx.pathParam("topic"));
    access.caller(ctx).requirePublish(topic);
    byte[] body = BoundedBody.read(ctx, maxBodyBytes);
    Map<String, String> headers = new HashMap<>();
    ctx.headerMap()
        .forEach((name, value) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), value));
    List<Envelope> events = HttpEvents.read(ctx.contentType(), headers, body);
    List<Position> positions = publish(topic, events);
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < positions.size(); i++) {
      list.add(position(positions.get(i), events.get(i).id()));
    }
    ObjectNode answer = JsonNodeFactory.instance.objectNode();
    answer.set("positions", list);
    ctx.status(202).contentType("application/json").result(answer.toString());
  }

  /**
   * Checks {@code events} against their schemas and appends them to {@code topic}; their positions.
   *
   * @throws GatewayProblem 422 if one breaks its schema, 503 if the transport does not take them
   */
  List<Position> publish(String topic, List<Envelope> events) throws InterruptedException {
    events.forEach(schemas::check);
    try {
      List<Position> positions =
          transport.append(topic, events).get(appendTimeout.toMillis(), TimeUnit.MILLISECONDS);
      published.increment(events.size());
      return positions;
    } catch (ExecutionException e) {
      throw GatewayProblem.unavailable(
          "the transport did not take the events: " + e.getCause().getMessage() + "; try again",
          RETRY_AFTER);
    } catch (TimeoutException e) {
      throw GatewayProblem.unavailable(
          "the transport did not confirm the events within "
              + appendTimeout.toSeconds()
              + " s; they may or may not be stored: send them again with the same ids",
          RETRY_AFTER);
    }
  }

  static String topic(String topic) {
    try {
      return Names.check("topic", topic);
    } catch (HeraldException e) {
      throw GatewayProblem.badRequest("invalid-topic", e.getMessage());
    }
  }

  static ObjectNode position(Position position, String id) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("id", id);
    node.put("topic", position.topic());
    node.put("partition", position.partition());
    node.put("offset", position.offset());
    return node;
  }
}
