package dev.herald.testkit;

import dev.herald.core.Envelope;
import dev.herald.core.Position;
import dev.herald.core.spi.ForwardingTransport;
import dev.herald.core.spi.Partitioner;
import dev.herald.core.spi.Transport;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Broken on purpose: acknowledges every 50th appended envelope with a made-up position but never
 * stores it.
 */
final class DroppingTransport extends ForwardingTransport {
  private final AtomicLong appended = new AtomicLong();

  DroppingTransport(Transport delegate) {
    super(delegate);
  }

  @Override
  public CompletableFuture<List<Position>> append(String topic, List<Envelope> envelopes) {
    List<Envelope> kept = new ArrayList<>();
    boolean[] dropped = new boolean[envelopes.size()];
    for (int i = 0; i < envelopes.size(); i++) {
      dropped[i] = appended.incrementAndGet() % 50 == 0;
      if (!dropped[i]) {
        kept.add(envelopes.get(i));
      }
    }
    int partitions = partitions(topic);
    return delegate
        .append(topic, kept)
        .thenApply(
            stored -> {
              List<Position> positions = new ArrayList<>(envelopes.size());
              Iterator<Position> next = stored.iterator();
              for (int i = 0; i < envelopes.size(); i++) {
                positions.add(dropped[i] ? null : next.next());
              }
              for (int i = 0; i < envelopes.size(); i++) {
                if (dropped[i]) {
                  String key = envelopes.get(i).partitionKey().orElse(null);
                  positions.set(
                      i, madeUp(topic, Partitioner.partition(key, partitions), positions, i));
                }
              }
              return positions;
            });
  }

  /** The offset after the partition's previous envelope in the batch, or its next one's. */
  private static Position madeUp(String topic, int partition, List<Position> positions, int index) {
    for (int i = index - 1; i >= 0; i--) {
      Position before = positions.get(i);
      if (before != null && before.partition() == partition) {
        return new Position(topic, partition, before.offset() + 1);
      }
    }
    for (int i = index + 1; i < positions.size(); i++) {
      Position after = positions.get(i);
      if (after != null && after.partition() == partition) {
        return after;
      }
    }
    return new Position(topic, partition, 0);
  }
}
