package dev.herald.core.spi;

import dev.herald.core.Envelope;
import dev.herald.core.Position;
import dev.herald.core.StartPosition;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
   * The names of the topics that exist on this transport, if it can tell; empty if it cannot.
   * Herald's own topics (such as those named {@code herald.*}) are included, and callers filter
   * what they do not want to show; only the underlying system's bookkeeping topics, such as Kafka's
   * {@code __consumer_offsets}, are left out. Unlike {@link #partitions}, it creates no topic. May
   * block while the transport asks its storage or brokers.
   *
   * @throws dev.herald.core.HeraldException if the transport could not answer (closed, unreachable)
   */
  default Optional<Set<String>> topics() {
    return Optional.empty();
  }

  /**
   * The offsets committed by every consumer group that has committed at least once, one entry per
   * group and topic it committed on, if the transport can tell; empty if it cannot. Groups that
   * joined but never committed are absent. Together with {@link #endOffsets} it gives each group's
   * lag. A snapshot: commits made while it runs may or may not be in it. May block while the
   * transport asks its storage or brokers.
   *
   * @throws dev.herald.core.HeraldException if the transport could not answer (closed, unreachable)
   */
  default Optional<List<CommittedOffsets>> committedOffsets() {
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
