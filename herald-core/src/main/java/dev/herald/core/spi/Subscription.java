package dev.herald.core.spi;

import dev.herald.core.Delivery;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One member of a consumer group reading one topic. Partitions are shared out among the group's
 * members; each partition is owned by one member at a time.
 *
 * <p>Not thread-safe: one thread polls, commits, seeks and pauses. Only {@link #wakeup()} may be
 * called from other threads.
 */
public interface Subscription extends AutoCloseable {
  /**
   * Waits up to {@code timeout} for events on owned, unpaused partitions and returns them, in
   * offset order within each partition. Rebalance callbacks run inside this call. Returns an empty
   * list on timeout or {@link #wakeup()}.
   *
   * @throws InterruptedException if the polling thread is interrupted
   */
  List<Delivery> poll(Duration timeout) throws InterruptedException;

  /**
   * Durably records, per partition, the offset of the next event to read. Commits for partitions
   * this member does not own are ignored.
   */
  void commit(Map<Integer, Long> nextOffsets);

  /** Makes the next poll of {@code partition} start at {@code offset}. */
  void seek(int partition, long offset);

  /** Stops returning events from {@code partitions} until resumed; ownership is kept. */
  void pause(Collection<Integer> partitions);

  /** Returns events from {@code partitions} again. */
  void resume(Collection<Integer> partitions);

  /** The partitions this member owns now. */
  Set<Integer> assignment();

  /** Makes a blocked or the next {@link #poll} return at once. Safe from any thread. */
  void wakeup();

  /** Leaves the group (its partitions go to other members) without committing. */
  @Override
  void close();
}
