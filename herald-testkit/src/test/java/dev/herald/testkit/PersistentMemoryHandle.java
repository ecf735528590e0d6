package dev.herald.testkit;

import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import dev.herald.core.Position;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.Features;
import dev.herald.core.spi.ForwardingTransport;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A stand-in for a persistent transport: a handle on a memory transport whose {@code close()}
 * closes only the subscriptions opened through it and leaves the memory open, so that a new handle
 * on the same memory sees the same topics and commits, as a reopened log would. It also refuses
 * data above a size limit of its own, as a real transport with a lower limit would, so that the
 * contract's size tests run on both sides of the limit.
 */
final class PersistentMemoryHandle extends ForwardingTransport {
  /** The size limit of every handle, below the memory transport's own. */
  static final int MAX_EVENT_BYTES = 4 * 1024 * 1024;

  private final List<Subscription> subscriptions = new ArrayList<>();

  PersistentMemoryHandle(Transport memory) {
    super(memory);
  }

  @Override
  public Features features() {
    return new Features(true, delegate.features().sharedAcrossProcesses(), MAX_EVENT_BYTES);
  }

  @Override
  public CompletableFuture<List<Position>> append(String topic, List<Envelope> envelopes) {
    for (Envelope envelope : envelopes) {
      if (envelope.data().length > MAX_EVENT_BYTES) {
        return CompletableFuture.failedFuture(
            new HeraldException(
                "event " + envelope.id() + " has more than " + MAX_EVENT_BYTES + " bytes of data"));
      }
    }
    return delegate.append(topic, envelopes);
  }

  @Override
  public synchronized Subscription subscribe(
      String topic, String group, StartPosition start, RebalanceListener listener) {
    Subscription subscription = delegate.subscribe(topic, group, start, listener);
    subscriptions.add(subscription);
    return subscription;
  }

  @Override
  public synchronized void close() {
    subscriptions.forEach(Subscription::close);
    subscriptions.clear();
  }
}
