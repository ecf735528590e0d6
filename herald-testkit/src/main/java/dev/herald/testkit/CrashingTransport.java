package dev.herald.testkit;

import dev.herald.core.StartPosition;
import dev.herald.core.spi.ForwardingSubscription;
import dev.herald.core.spi.ForwardingTransport;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A view of a transport for a process that is about to crash: once {@link #crash()} is called, the
 * subscriptions of one consumer group to one topic drop every commit, as a process killed before
 * its next commit would never make it. Everything else passes through, so the events, dead letters
 * and commits made before the crash are real. Closing the view leaves the transport open: its owner
 * closes it. Thread-safe.
 */
final class CrashingTransport extends ForwardingTransport {
  private final String topic;
  private final String group;
  private final Map<Integer, Long> committed = new ConcurrentHashMap<>();
  private volatile boolean crashed;

  CrashingTransport(Transport delegate, String topic, String group) {
    super(delegate);
    this.topic = topic;
    this.group = group;
  }

  /** From now on, commits of the group on the topic are lost. */
  void crash() {
    crashed = true;
  }

  /** The highest next offset of {@code partition} committed before the crash; -1 if none. */
  long committed(int partition) {
    return committed.getOrDefault(partition, -1L);
  }

  @Override
  public Subscription subscribe(
      String topic, String group, StartPosition start, RebalanceListener listener) {
    Subscription subscription = delegate.subscribe(topic, group, start, listener);
    if (!topic.equals(this.topic) || !group.equals(this.group)) {
      return subscription;
    }
    return new ForwardingSubscription(subscription) {
      @Override
      public void commit(Map<Integer, Long> nextOffsets) {
        if (crashed) {
          return;
        }
        delegate.commit(nextOffsets);
        nextOffsets.forEach((partition, next) -> committed.merge(partition, next, Math::max));
      }
    };
  }

  @Override
  public void close() {
    // The transport belongs to the test, which closes it.
  }
}
