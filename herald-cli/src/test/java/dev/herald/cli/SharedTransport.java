package dev.herald.cli;

import dev.herald.core.Envelope;
import dev.herald.core.Position;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.Features;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A transport that forwards to another and ignores close, so several commands can share one. */
class SharedTransport implements Transport {
  private final Transport delegate;

  SharedTransport(Transport delegate) {
    this.delegate = delegate;
  }

  @Override
  public Features features() {
    return delegate.features();
  }

  @Override
  public CompletableFuture<List<Position>> append(String topic, List<Envelope> envelopes) {
    return delegate.append(topic, envelopes);
  }

  @Override
  public int partitions(String topic) {
    return delegate.partitions(topic);
  }

  @Override
  public Subscription subscribe(
      String topic, String group, StartPosition start, RebalanceListener listener) {
    return delegate.subscribe(topic, group, start, listener);
  }

  @Override
  public void close() {
    // The test owns the shared transport and closes it.
  }
}
