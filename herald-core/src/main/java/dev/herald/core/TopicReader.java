package dev.herald.core;

import dev.herald.core.spi.Partitioner;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionException;

/**
 * Reads a whole topic, from its oldest event to where it ended when the read began, through a
 * throwaway consumer group that commits nothing. Where the topic ends comes from {@link
 * Transport#endOffsets}, or, for transports that cannot tell, from a fence event appended to every
 * partition (see {@link DeadLetterWire#FENCE}).
 */
final class TopicReader {
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(100);

  private TopicReader() {}

  /**
   * Every event of {@code topic}, in offset order per partition.
   *
   * @throws HeraldException if the topic cannot be read to its end within {@link #TIMEOUT}
   */
  static List<Delivery> readAll(Transport transport, String topic, Clock clock) {
    return readFrom(transport, topic, Map.of(), clock).events();
  }

  /** What {@link #readFrom} read, and where each partition ended. */
  record Read(List<Delivery> events, Map<Integer, Long> ends) {}

  /**
   * The events of {@code topic} from {@code from} (the next offset to read per partition; 0 for
   * partitions it leaves out) to where each partition ended when the read began.
   *
   * @throws HeraldException if the topic cannot be read to its end within {@link #TIMEOUT}
   */
  static Read readFrom(Transport transport, String topic, Map<Integer, Long> from, Clock clock) {
    Map<Integer, Long> ends =
        transport.endOffsets(topic).orElseGet(() -> fence(transport, topic, clock));
    Map<Integer, Long> next = new HashMap<>();
    ends.forEach((partition, end) -> next.put(partition, from.getOrDefault(partition, 0L)));
    List<Delivery> read = new ArrayList<>();
    if (isDone(next, ends)) {
      return new Read(read, ends);
    }
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    String reader = "herald-reader-" + UUID.randomUUID();
    try (Subscription subscription =
        transport.subscribe(topic, reader, StartPosition.earliest(), RebalanceListener.none())) {
      while (!isDone(next, ends)) {
        if (System.nanoTime() - deadline > 0) {
          throw new HeraldException(
              "reading topic "
                  + topic
                  + " to its end took longer than "
                  + TIMEOUT
                  + " (read up to "
                  + next
                  + " of "
                  + ends
                  + "); check that the transport is reachable and try again");
        }
        for (Delivery delivery : subscription.poll(POLL)) {
          long start = from.getOrDefault(delivery.partition(), 0L);
          if (delivery.offset() < start) {
            subscription.seek(delivery.partition(), start);
            continue;
          }
          long end = ends.getOrDefault(delivery.partition(), 0L);
          if (delivery.offset() < end) {
            read.add(delivery);
          }
          next.merge(delivery.partition(), delivery.offset() + 1, Math::max);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeraldException("interrupted while reading topic " + topic, e);
    }
    return new Read(read, ends);
  }

  private static boolean isDone(Map<Integer, Long> next, Map<Integer, Long> ends) {
    for (Map.Entry<Integer, Long> end : ends.entrySet()) {
      if (next.getOrDefault(end.getKey(), 0L) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Appends a fence to every partition; the offsets after them are the ends to read to. */
  private static Map<Integer, Long> fence(Transport transport, String topic, Clock clock) {
    int count = transport.partitions(topic);
    Envelope[] fences = new Envelope[count];
    int found = 0;
    for (int i = 0; found < count; i++) {
      if (i > 1_000_000) {
        throw new HeraldException("no fence key found for every partition of " + topic);
      }
      String key = "herald-fence-" + i;
      int partition = Partitioner.partition(key, count);
      if (fences[partition] == null) {
        fences[partition] = DeadLetterWire.fence(key, clock);
        found++;
      }
    }
    List<Position> positions;
    try {
      positions = transport.append(topic, List.of(fences)).join();
    } catch (CompletionException e) {
      throw new HeraldException(
          "cannot append fences to " + topic + " to find its end: " + e.getCause(), e.getCause());
    }
    Map<Integer, Long> ends = new HashMap<>();
    for (Position position : positions) {
      ends.put(position.partition(), position.offset() + 1);
    }
    return ends;
  }
}
