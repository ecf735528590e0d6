package dev.herald.shop.app.chaos;

import dev.herald.core.Delivery;
import dev.herald.core.spi.ForwardingSubscription;
import dev.herald.core.spi.Subscription;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/**
 * One subscription of a {@link ChaosTransport}: reads a partition again after some polls, and drops
 * some commits and reads again from the last commit. Every seek, its own and the bus's, is applied
 * at the start of the next poll, on the polling thread, the earliest per partition winning, so that
 * a fault only ever makes events come again and never skips one. Not thread-safe, like any
 * subscription.
 */
final class ChaosSubscription extends ForwardingSubscription {
  private final Chaos chaos;
  private final DoubleSupplier dice;
  private final AtomicLong redeliveries;
  private final AtomicLong crashes;
  private final Map<Integer, Long> lastCommits = new HashMap<>();
  private final Map<Integer, Long> seeks = new HashMap<>();

  /** Injects {@code chaos} into {@code delegate}; {@code dice} (0 to 1) decides each fault. */
  ChaosSubscription(
      Subscription delegate,
      Chaos chaos,
      DoubleSupplier dice,
      AtomicLong redeliveries,
      AtomicLong crashes) {
    super(delegate);
    this.chaos = chaos;
    this.dice = dice;
    this.redeliveries = redeliveries;
    this.crashes = crashes;
  }

  @Override
  public List<Delivery> poll(Duration timeout) throws InterruptedException {
    Set<Integer> owned = delegate.assignment();
    seeks.forEach(
        (partition, offset) -> {
          if (owned.contains(partition)) {
            delegate.seek(partition, offset);
          }
        });
    seeks.clear();
    List<Delivery> deliveries = delegate.poll(timeout);
    if (!deliveries.isEmpty() && dice.getAsDouble() < chaos.redeliveryRate()) {
      int partition = deliveries.get((int) (dice.getAsDouble() * deliveries.size())).partition();
      // deliveries are in offset order per partition: its first is where this poll started it
      deliveries.stream()
          .filter(d -> d.partition() == partition)
          .findFirst()
          .ifPresent(first -> seek(partition, first.offset()));
      redeliveries.incrementAndGet();
    }
    return deliveries;
  }

  @Override
  public void seek(int partition, long offset) {
    // deferred to the next poll with the faults' own seeks: one of them, applied after the bus's,
    // must not skip what the bus asked to read again
    seeks.merge(partition, offset, Math::min);
  }

  @Override
  public void commit(Map<Integer, Long> nextOffsets) {
    // only a partition that committed here before has a commit to go back to
    boolean canCrash = lastCommits.keySet().containsAll(nextOffsets.keySet());
    if (canCrash && dice.getAsDouble() < chaos.crashRate()) {
      // the process died after the handlers' effects and before this commit: it starts again
      // from the last commit that landed
      nextOffsets.keySet().forEach(partition -> seek(partition, lastCommits.get(partition)));
      crashes.incrementAndGet();
      return;
    }
    delegate.commit(nextOffsets);
    nextOffsets.forEach((partition, next) -> lastCommits.merge(partition, next, Math::max));
  }
}
