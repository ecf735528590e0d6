package dev.herald.cli;

import dev.herald.core.HeraldException;
import dev.herald.eventstore.AppendResult;
import dev.herald.eventstore.Checkpoints;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.EventSubscription;
import dev.herald.eventstore.ExpectedVersion;
import dev.herald.eventstore.ForwardingEventStore;
import dev.herald.eventstore.NewEvent;
import dev.herald.eventstore.StreamFilter;
import dev.herald.eventstore.SubscriptionListener;
import java.util.List;
import java.util.OptionalLong;

/**
 * An event store for a shop that only looks on: reads go through, appends and checkpoints are
 * refused, and subscriptions deliver nothing, so its relays, due shipments and saga deadlines stay
 * idle while the shop under test does the work.
 */
final class ReadOnlyStore extends ForwardingEventStore {
  ReadOnlyStore(EventStore delegate) {
    super(delegate);
  }

  @Override
  public AppendResult append(String stream, ExpectedVersion expected, List<NewEvent> events) {
    throw new HeraldException("this store only looks on; nothing is appended to " + stream);
  }

  @Override
  public EventSubscription subscribe(
      StreamFilter filter, long fromPosition, SubscriptionListener listener) {
    return new EventSubscription() {
      @Override
      public long nextPosition() {
        return fromPosition;
      }

      @Override
      public boolean isLive() {
        return false;
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public Checkpoints checkpoints() {
    Checkpoints stored = delegate.checkpoints();
    return new Checkpoints() {
      @Override
      public OptionalLong load(String name) {
        return stored.load(name);
      }

      @Override
      public void save(String name, long nextPosition) {
        throw new HeraldException("this store only looks on; checkpoint " + name + " stays");
      }
    };
  }
}
