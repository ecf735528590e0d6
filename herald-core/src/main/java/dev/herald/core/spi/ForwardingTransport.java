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
 * A transport that passes every call to another one. Extend it and override the calls to change:
 * inject a fault, count appends, share one transport between owners that each close it. Unchanged,
 * it keeps the transport contract of its delegate.
 */
public class ForwardingTransport implements Transport {
  /** The transport every call goes to. */
  protected final Transport delegate;

  /** Forwards to {@code delegate}. */
  public ForwardingTransport(Transport delegate) {
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
  public Optional<Map<Integer, Long>> endOffsets(String topic) {
    return delegate.endOffsets(topic);
  }

  @Override
  public Optional<Set<String>> topics() {
    return delegate.topics();
  }

  @Override
  public Optional<List<CommittedOffsets>> committedOffsets() {
    return delegate.committedOffsets();
  }

  @Override
  public Subscription subscribe(
      String topic, String group, StartPosition start, RebalanceListener listener) {
    return delegate.subscribe(topic, group, start, listener);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
