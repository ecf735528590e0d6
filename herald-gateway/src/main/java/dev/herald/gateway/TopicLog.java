package dev.herald.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.Delivery;
import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A topic used as the gateway's own durable record: JSON records appended with a key (so that the
 * records of one key keep their order), read back whole at start. Stateless and thread-safe.
 */
final class TopicLog {
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration APPEND_TIMEOUT = Duration.ofSeconds(10);
  private static final String SOURCE = "/herald/gateway";

  private TopicLog() {}

  /**
   * Appends {@code record} under {@code key} and returns once the transport holds it durably.
   *
   * @throws GatewayProblem 503 if the transport does not store it in time
   */
  static void append(Transport transport, String topic, String key, String type, JsonNode record) {
    Envelope envelope =
        Envelope.builder()
            .id(UUID.randomUUID().toString())
            .source(SOURCE)
            .type(type)
            .extension(Envelope.PARTITION_KEY, key)
            .dataContentType("application/json")
            .data(record.toString())
            .build();
    try {
      transport
          .append(topic, List.of(envelope))
          .get(APPEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw GatewayProblem.unavailable(
          "could not store the change in topic " + topic + " (" + e + "); try again",
          Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw GatewayProblem.unavailable(
          "interrupted while storing to " + topic, Duration.ofSeconds(5));
    }
  }

  /**
   * Every record of {@code topic}, in order per key, up to where the topic ended when the read
   * began.
   *
   * @throws HeraldException if the transport cannot tell where topics end, or the read takes longer
   *     than a minute
   */
  static List<Envelope> readAll(Transport transport, String topic) {
    Map<Integer, Long> ends =
        transport
            .endOffsets(topic)
            .orElseThrow(
                () ->
                    new HeraldException(
                        "webhooks keep their state in topic "
                            + topic
                            + ", but this transport cannot tell where a topic ends; use the"
                            + " memory, log or Kafka transport"));
    Map<Integer, Long> next = new HashMap<>();
    List<Envelope> read = new ArrayList<>();
    long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
    try (Subscription reader =
        transport.subscribe(
            topic,
            "herald-reader-" + UUID.randomUUID(),
            StartPosition.earliest(),
            RebalanceListener.none())) {
      while (!isDone(next, ends)) {
        if (System.nanoTime() - deadline > 0) {
          throw new HeraldException(
              "reading topic "
                  + topic
                  + " to its end took over "
                  + READ_TIMEOUT
                  + " (read "
                  + next
                  + " of "
                  + ends
                  + "); check the transport and start again");
        }
        for (Delivery delivery : reader.poll(Duration.ofMillis(100))) {
          if (delivery.offset() < ends.getOrDefault(delivery.partition(), 0L)) {
            read.add(delivery.envelope());
          }
          next.merge(delivery.partition(), delivery.offset() + 1, Math::max);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeraldException("interrupted while reading topic " + topic, e);
    }
    return read;
  }

  private static boolean isDone(Map<Integer, Long> next, Map<Integer, Long> ends) {
    return ends.entrySet().stream()
        .allMatch(end -> next.getOrDefault(end.getKey(), 0L) >= end.getValue());
  }
}
