package dev.herald.cli;

import dev.herald.core.Delivery;
import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import dev.herald.core.Position;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.ForwardingTransport;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import dev.herald.shop.analytics.AnalyticsService;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A transport for a shop that only looks on: its services join no group of the shop, so they hear
 * nothing and cannot redo (and so hide) work the shop under test left undone, and nothing they
 * append reaches it. Readers of whole topics (dead letters) and a fresh analytics group, which
 * rebuilds its figures from every event, still read.
 */
final class ReadOnlyTransport extends ForwardingTransport {
  ReadOnlyTransport(Transport delegate) {
    super(delegate);
  }

  @Override
  public CompletableFuture<List<Position>> append(String topic, List<Envelope> envelopes) {
    return CompletableFuture.failedFuture(
        new HeraldException("this transport only looks on; nothing is appended to " + topic));
  }

  @Override
  public Subscription subscribe(
      String topic, String group, StartPosition start, RebalanceListener listener) {
    if (group.startsWith("herald-reader-") || group.startsWith(AnalyticsService.SERVICE + ".")) {
      return delegate.subscribe(topic, group, start, listener);
    }
    return new Silent();
  }

  /** The transport's owner closes it. */
  @Override
  public void close() {}

  /** A member of no group: it owns no partition and polls nothing. */
  private static final class Silent implements Subscription {
    private final BlockingQueue<Boolean> wakeups = new LinkedBlockingQueue<>();

    @Override
    public List<Delivery> poll(Duration timeout) throws InterruptedException {
      var unused = wakeups.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return List.of();
    }

    @Override
    public void commit(Map<Integer, Long> nextOffsets) {}

    @Override
    public void seek(int partition, long offset) {}

    @Override
    public void pause(Collection<Integer> partitions) {}

    @Override
    public void resume(Collection<Integer> partitions) {}

    @Override
    public Set<Integer> assignment() {
      return Set.of();
    }

    @Override
    public void wakeup() {
      wakeups.add(Boolean.TRUE);
    }

    @Override
    public void close() {
      wakeup();
    }
  }
}
