package dev.herald.eventstore;

import java.util.List;

/**
 * An {@link EventStore} that passes every call to another: extend it to add behaviour around a
 * store (counting, tracing, access checks) by overriding only the calls that need it.
 */
public class ForwardingEventStore implements EventStore {
  /** The store calls go to. */
  protected final EventStore delegate;

  /** A store forwarding to {@code delegate}. */
  public ForwardingEventStore(EventStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public AppendResult append(String stream, ExpectedVersion expected, List<NewEvent> events) {
    return delegate.append(stream, expected, events);
  }

  @Override
  public List<RecordedEvent> read(String stream, long fromVersion, Direction direction, int limit) {
    return delegate.read(stream, fromVersion, direction, limit);
  }

  @Override
  public List<RecordedEvent> readAll(long fromPosition, int limit) {
    return delegate.readAll(fromPosition, limit);
  }

  @Override
  public long version(String stream) {
    return delegate.version(stream);
  }

  @Override
  public long lastPosition() {
    return delegate.lastPosition();
  }

  @Override
  public EventSubscription subscribe(
      StreamFilter filter, long fromPosition, SubscriptionListener listener) {
    return delegate.subscribe(filter, fromPosition, listener);
  }

  @Override
  public Checkpoints checkpoints() {
    return delegate.checkpoints();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
