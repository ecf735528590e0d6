package dev.herald.gateway;

import dev.herald.core.Delivery;
import dev.herald.core.Envelope;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Reads what a topic holds, to its end, for assertions. */
final class Topics {
  private Topics() {}

  static List<Envelope> read(Transport transport, String topic) throws InterruptedException {
    Map<Integer, Long> ends = transport.endOffsets(topic).orElseThrow();
    long total = ends.values().stream().mapToLong(Long::longValue).sum();
    List<Envelope> events = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    try (Subscription subscription =
        transport.subscribe(
            topic,
            "test-reader-" + UUID.randomUUID(),
            StartPosition.earliest(),
            RebalanceListener.none())) {
      while (events.size() < total) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("read " + events.size() + " of " + total + " in " + topic);
        }
        for (Delivery delivery : subscription.poll(Duration.ofMillis(100))) {
          if (delivery.offset() < ends.getOrDefault(delivery.partition(), 0L)) {
            events.add(delivery.envelope());
          }
        }
      }
    }
    return events;
  }
}
