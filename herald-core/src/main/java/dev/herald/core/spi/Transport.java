package dev.herald.core.spi;

import dev.herald.core.Envelope;
import dev.herald.core.Position;
import dev.herald.core.StartPosition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where topics live. A transport stores envelopes in partitioned topics and hands them to consumer
 * groups; it never sees Java event types.
 *
 * <p>Implementations are thread-safe. Topics are created on first use with the transport's default
 * partition count.
 */
public interface Transport extends AutoCloseable {
  /** What this transport can do. */
  Features features();

  /**
   * Appends {@code envelopes} to {@code topic}. Each goes to the partition its {@link
   * Envelope#partitionKey()} picks through {@link Partitioner}; envelopes with one key keep their
   * order. The future completes when the transport holds them durably (per its durability mode),
   * with their positions in input order, or fails with the reason none or only some were stored.
   */
  CompletableFuture<List<Position>> append(String topic, List<Envelope> envelopes);

  /** Number of partitions of {@code topic}, creating it if needed. */
  int partitions(String topic);

  /**
   * The offset after the last readable event of each partition of {@code topic} (creating it if
   * needed), if the transport can tell; empty if it cannot. Readers that must read a topic to its
   * end (such as {@code DeadLetters}) use it; without it they append a {@code herald.fence} event
   * to every partition and read up to it.
   */
  default Optional<Map<Integer, Long>> endOffsets(String topic) {
    return Optional.empty();
  }

  /**
   * Joins consumer group {@code group} on {@code topic}. Partitions the group has no committed
   * offset for start at {@code start}.
   */
  Subscription subscribe(
      String topic, String group, StartPosition start, RebalanceListener listener);

  /** Releases the transport's resources; subscriptions still open are closed. */
  @Override
  void close();
}
