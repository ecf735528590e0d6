package dev.herald.core.spi;

import dev.herald.core.Delivery;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A subscription that passes every call to another one. Extend it and override the calls to change,
 * such as a poll that drops or reorders deliveries.
 */
public class ForwardingSubscription implements Subscription {
  /** The subscription every call goes to. */
  protected final Subscription delegate;

  /** Forwards to {@code delegate}. */
  public ForwardingSubscription(Subscription delegate) {
    this.delegate = delegate;
  }

  @Override
  public List<Delivery> poll(Duration timeout) throws InterruptedException {
    return delegate.poll(timeout);
  }

  @Override
  public void commit(Map<Integer, Long> nextOffsets) {
    delegate.commit(nextOffsets);
  }

  @Override
  public void seek(int partition, long offset) {
    delegate.seek(partition, offset);
  }

  @Override
  public void pause(Collection<Integer> partitions) {
    delegate.pause(partitions);
  }

  @Override
  public void resume(Collection<Integer> partitions) {
    delegate.resume(partitions);
  }

  @Override
  public Set<Integer> assignment() {
    return delegate.assignment();
  }

  @Override
  public void wakeup() {
    delegate.wakeup();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
