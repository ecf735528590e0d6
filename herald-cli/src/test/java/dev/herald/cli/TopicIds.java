package dev.herald.cli;

import dev.herald.core.Delivery;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.RecordedEvent;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** What a topic and a store hold, by event id, for tests that count copies. */
final class TopicIds {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private TopicIds() {}

  /** How many copies of each event id {@code topic} holds, read to its end. */
  static Map<String, Integer> copies(Transport transport, String topic)
      throws InterruptedException {
    Map<Integer, Long> ends = transport.endOffsets(topic).orElseThrow();
    Map<Integer, Long> next = new HashMap<>();
    Map<String, Integer> copies = new HashMap<>();
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    try (Subscription reader =
        transport.subscribe(
            topic,
            "test-reader-" + UUID.randomUUID(),
            StartPosition.earliest(),
            RebalanceListener.none())) {
      while (ends.entrySet().stream()
          .anyMatch(e -> next.getOrDefault(e.getKey(), 0L) < e.getValue())) {
        if (System.nanoTime() - deadline > 0) {
          throw new AssertionError("could not read " + topic + " to " + ends + " in " + TIMEOUT);
        }
        for (Delivery delivery : reader.poll(Duration.ofMillis(200))) {
          if (delivery.offset() < ends.getOrDefault(delivery.partition(), 0L)) {
            copies.merge(delivery.envelope().id(), 1, Integer::sum);
          }
          next.merge(delivery.partition(), delivery.offset() + 1, Math::max);
        }
      }
    }
    return copies;
  }

  /** The ids of the events of streams of {@code category} in {@code store}, snapshots aside. */
  static Set<String> inCategory(EventStore store, String category) {
    Set<String> ids = new HashSet<>();
    long from = 0;
    List<RecordedEvent> page;
    do {
      page = store.readAll(from, 1_000);
      for (RecordedEvent event : page) {
        if (event.category().equals(category) && !event.type().equals(EventStore.SNAPSHOT_TYPE)) {
          ids.add(event.id());
        }
        from = event.position() + 1;
      }
    } while (!page.isEmpty());
    return ids;
  }
}
