package dev.herald.testkit;

import dev.herald.core.StartPosition;
import dev.herald.core.spi.ForwardingTransport;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Broken on purpose: every subscription of a group gets all partitions (each joins a private group
 * of its own, the bug of putting the instance id into the group id), so every instance of a group
 * handles every event.
 */
final class DuplicatingTransport extends ForwardingTransport {
  private final AtomicInteger members = new AtomicInteger();

  DuplicatingTransport(Transport delegate) {
    super(delegate);
  }

  @Override
  public Subscription subscribe(
      String topic, String group, StartPosition start, RebalanceListener listener) {
    return delegate.subscribe(
        topic, group + "-member" + members.incrementAndGet(), start, listener);
  }
}
