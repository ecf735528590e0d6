package dev.herald.shop.app.chaos;

import dev.herald.core.Delivery;
import dev.herald.core.spi.ForwardingSubscription;
import dev.herald.core.spi.Subscription;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One subscription of a {@link ChaosTransport}: reads partitions again after some polls, and drops
 * some commits and reads again from the last commit. Every seek it makes is applied on the polling
 * thread, at the start of the next poll, as the subscription's contract requires. Not thread-safe,
 * like any subscription.
 */
final class ChaosSubscription extends ForwardingSubscription {
  private final Chaos chaos;
  private final SplittableRandom random;
  private final AtomicLong redeliveries;
  private final AtomicLong crashes;
  private final Map<Integer, Long> committed = new HashMap<>();
  private final Map<Integer, Long> seekBefore = new HashMap<>();

  ChaosSubscription(
      Subscription delegate,
      Chaos chaos,
      SplittableRandom random,
      AtomicLong redeliveries,
      AtomicLong crashes) {
    super(delegate);
    this.chaos = chaos;
    this.random = random;
    this.redeliveries = redeliveries;
    this.crashes = crashes;
  }

  @Override
  public List<Delivery> poll(Duration timeout) throws InterruptedException {
    seekBefore.forEach(
        (partition, offset) -> {
          if (delegate.assignment().contains(partition)) {
            delegate.seek(partition, offset);
          }
        });
    seekBefore.clear();
    List<Delivery> deliveries = delegate.poll(timeout);
    if (!deliveries.isEmpty() && random.nextDouble() < chaos.redeliveryRate()) {
      Delivery first = deliveries.get(0);
      seekBefore.merge(first.partition(), first.offset(), Math::min);
      redeliveries.incrementAndGet();
    }
    return deliveries;
  }

  @Override
  public void commit(Map<Integer, Long> nextOffsets) {
    boolean canCrash = nextOffsets.keySet().stream().allMatch(committed::containsKey);
    if (canCrash && random.nextDouble() < chaos.crashRate()) {
      // the process died before this commit: it restarts from the last one
      nextOffsets.keySet().forEach(p -> seekBefore.merge(p, committed.get(p), Math::min));
      crashes.incrementAndGet();
      return;
    }
    delegate.commit(nextOffsets);
    nextOffsets.forEach((partition, next) -> committed.merge(partition, next, Math::max));
  }
}
