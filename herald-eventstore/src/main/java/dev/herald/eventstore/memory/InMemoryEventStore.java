package dev.herald.eventstore.memory;

import dev.herald.core.HeraldException;
import dev.herald.eventstore.AppendResult;
import dev.herald.eventstore.Checkpoints;
import dev.herald.eventstore.Direction;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.EventSubscription;
import dev.herald.eventstore.ExpectedVersion;
import dev.herald.eventstore.NewEvent;
import dev.herald.eventstore.RecordedEvent;
import dev.herald.eventstore.StreamFilter;
import dev.herald.eventstore.SubscriptionListener;
import dev.herald.eventstore.WrongExpectedVersionException;
import dev.herald.eventstore.spi.AppendChecks;
import dev.herald.eventstore.spi.AppendSignal;
import dev.herald.eventstore.spi.CatchUpSubscription;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An {@link EventStore} in memory: everything the contract promises except surviving a restart. For
 * tests of aggregates, projections and relays that need no disk; one lock orders all appends.
 */
public final class InMemoryEventStore implements EventStore {
  private final Clock clock;
  private final List<RecordedEvent> all = new ArrayList<>();
  private final Map<String, List<RecordedEvent>> streams = new HashMap<>();
  private final Map<String, RecordedEvent> byId = new HashMap<>();
  private final Map<String, Long> checkpoints = new ConcurrentHashMap<>();
  private final AppendSignal signal = new AppendSignal();
  private final List<EventSubscription> subscriptions = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  /** An empty store that stamps events with the system clock. */
  public InMemoryEventStore() {
    this(Clock.systemUTC());
  }

  /** An empty store that stamps events with {@code clock}. */
  public InMemoryEventStore(Clock clock) {
    this.clock = clock;
  }

  @Override
  public AppendResult append(String stream, ExpectedVersion expected, List<NewEvent> events) {
    AppendChecks.check(stream, expected, events);
    AppendResult result;
    synchronized (this) {
      checkOpen();
      List<RecordedEvent> current = streams.getOrDefault(stream, List.of());
      RecordedEvent first = byId.get(events.get(0).id());
      if (first != null && first.stream().equals(stream)) {
        int from = (int) first.version();
        List<String> stored =
            current.subList(from, Math.min(current.size(), from + events.size())).stream()
                .map(RecordedEvent::id)
                .toList();
        if (AppendChecks.isRetry(stored, events)) {
          RecordedEvent last = current.get(from + events.size() - 1);
          return new AppendResult(last.version(), last.position());
        }
      }
      long version = current.size() - 1L;
      if (!expected.accepts(version)) {
        throw new WrongExpectedVersionException(stream, expected, version);
      }
      for (NewEvent event : events) {
        if (byId.containsKey(event.id())) {
          throw new HeraldException(
              "event id "
                  + event.id()
                  + " is already stored (in "
                  + byId.get(event.id()).stream()
                  + "); nothing of this append to "
                  + stream
                  + " was stored");
        }
      }
      List<RecordedEvent> target = streams.computeIfAbsent(stream, s -> new ArrayList<>());
      RecordedEvent last = null;
      for (NewEvent event : events) {
        last =
            new RecordedEvent(
                stream,
                ++version,
                all.size(),
                event.id(),
                event.type(),
                event.data(),
                event.metadata(),
                clock.instant());
        all.add(last);
        target.add(last);
        byId.put(last.id(), last);
      }
      result = new AppendResult(last.version(), last.position());
    }
    signal.signal();
    return result;
  }

  @Override
  public synchronized List<RecordedEvent> read(
      String stream, long fromVersion, Direction direction, int limit) {
    checkOpen();
    List<RecordedEvent> events = streams.getOrDefault(stream, List.of());
    List<RecordedEvent> out = new ArrayList<>();
    if (direction == Direction.FORWARDS) {
      for (long v = Math.max(0, fromVersion); v < events.size() && out.size() < limit; v++) {
        out.add(events.get((int) v));
      }
    } else {
      for (long v = Math.min(fromVersion, events.size() - 1L); v >= 0 && out.size() < limit; v--) {
        out.add(events.get((int) v));
      }
    }
    return out;
  }

  @Override
  public synchronized List<RecordedEvent> readAll(long fromPosition, int limit) {
    checkOpen();
    int from = (int) Math.min(Math.max(0, fromPosition), all.size());
    return List.copyOf(all.subList(from, Math.min(all.size(), from + Math.max(0, limit))));
  }

  @Override
  public synchronized long version(String stream) {
    return streams.getOrDefault(stream, List.of()).size() - 1L;
  }

  @Override
  public synchronized long lastPosition() {
    return all.size() - 1L;
  }

  @Override
  public EventSubscription subscribe(
      StreamFilter filter, long fromPosition, SubscriptionListener listener) {
    checkOpen();
    EventSubscription subscription =
        CatchUpSubscription.start(
            this::readAll, signal, filter, fromPosition, listener, Duration.ofSeconds(1));
    subscriptions.add(subscription);
    return subscription;
  }

  @Override
  public Checkpoints checkpoints() {
    return new Checkpoints() {
      @Override
      public OptionalLong load(String name) {
        Long position = checkpoints.get(name);
        return position == null ? OptionalLong.empty() : OptionalLong.of(position);
      }

      @Override
      public void save(String name, long nextPosition) {
        checkpoints.put(name, nextPosition);
      }
    };
  }

  private void checkOpen() {
    if (closed) {
      throw new HeraldException("the in-memory event store is closed");
    }
  }

  @Override
  public void close() {
    subscriptions.forEach(EventSubscription::close);
    closed = true;
  }
}
