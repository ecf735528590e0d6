package dev.herald.eventstore.log;

import dev.herald.core.HeraldException;
import dev.herald.core.Position;
import dev.herald.eventstore.AppendResult;
import dev.herald.eventstore.Checkpoints;
import dev.herald.eventstore.Direction;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.EventSubscription;
import dev.herald.eventstore.ExpectedVersion;
import dev.herald.eventstore.NewEvent;
import dev.herald.eventstore.RecordedEvent;
import dev.herald.eventstore.StreamFilter;
import dev.herald.eventstore.StreamNames;
import dev.herald.eventstore.SubscriptionListener;
import dev.herald.eventstore.WrongExpectedVersionException;
import dev.herald.eventstore.spi.AppendChecks;
import dev.herald.eventstore.spi.AppendSignal;
import dev.herald.eventstore.spi.CatchUpSubscription;
import dev.herald.log.LogSettings;
import dev.herald.log.LogTransport;
import dev.herald.log.LogTransports;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded event store, on Herald's durable log: every event is one record of one partition of
 * the topic {@code herald.eventstore} in the log's directory, and its position is its offset there.
 * Open it on a {@link LogTransport} shared with an event bus ({@link #open(LogTransport)}), or on a
 * directory of its own ({@link #open(Path)}). The log must keep every event: no retention.
 *
 * <p>Durability is the log's: an append returns once the log acknowledges it under its {@code
 * fsync=} mode, and readers never see an event before that. Appends are atomic: the events of one
 * append are one call to the log, consecutive records that become visible together, each saying
 * which append it belongs to; an append a crash cut short is ignored when the store opens, as if
 * never written, and its ids and versions are free again. Concurrent appends share the log's group
 * commit.
 *
 * <p>If the log fails an append after taking it (a disk error), the store accepts no more appends:
 * appends made meanwhile may build on the failed one's versions, and the log itself acknowledges
 * nothing after a write failure. Reads go on showing what was acknowledged; close and reopen the
 * store once the disk is fixed. An append the log refuses before taking it is simply not stored.
 *
 * <p>The index lives in memory (per stream the position of each version, per event id its stream
 * and version) and is rebuilt from the log on open. Checkpoints are a small file beside the topics.
 * Thread-safe.
 */
public final class LogEventStore implements EventStore {
  private static final Duration POLL = Duration.ofSeconds(1);

  private final StoreLog log;
  private final boolean ownsTransport;
  private final Clock clock;
  private final FileCheckpoints checkpoints;
  private final AppendSignal signal = new AppendSignal();
  private final Set<EventSubscription> subscriptions = ConcurrentHashMap.newKeySet();

  private final ReentrantLock lock = new ReentrantLock();
  private final StoreIndex index = new StoreIndex(); // guarded by lock
  private long nextPosition; // guarded by lock
  private CompletableFuture<List<Position>> lastWrite; // guarded by lock
  private volatile HeraldException failure;
  private volatile boolean closed;

  private LogEventStore(StoreLog log, boolean ownsTransport, Clock clock) {
    this.log = log;
    this.ownsTransport = ownsTransport;
    this.clock = clock;
    long end = log.end();
    IndexLoader.load(log, end, index);
    this.nextPosition = end;
    this.lastWrite = CompletableFuture.completedFuture(List.of());
    this.checkpoints = FileCheckpoints.open(log.transport.directory(), end);
  }

  /**
   * An event store in the directory of {@code transport}, which the caller keeps using (for an
   * event bus, say) and closes after the store. One store per transport.
   *
   * @throws HeraldException if a store is already open on {@code transport}, the log lost events to
   *     retention, or it holds appends that contradict each other
   */
  public static EventStore open(LogTransport transport) {
    return open(transport, false, Clock.systemUTC());
  }

  /** An event store in {@code directory}, on a log of its own with {@code fsync=always}. */
  public static EventStore open(Path directory) {
    return open(LogSettings.of(directory));
  }

  /**
   * An event store on a log of its own, opened with {@code settings}; closing the store closes it.
   *
   * @throws HeraldException if the settings ask for retention, or the log cannot be opened (another
   *     process holds the directory, say)
   */
  public static EventStore open(LogSettings settings) {
    if (settings.retentionBytes() >= 0 || settings.retentionMs() > 0) {
      throw new HeraldException(
          "an event store keeps every event, but the log settings for "
              + settings.directory()
              + " ask for retention; open it without retention.bytes and retention.ms");
    }
    LogTransport transport = LogTransports.open(settings);
    try {
      return open(transport, true, Clock.systemUTC());
    } catch (RuntimeException e) {
      transport.close();
      throw e;
    }
  }

  static LogEventStore open(LogTransport transport, boolean ownsTransport, Clock clock) {
    StoreLog log = StoreLog.claim(transport);
    try {
      return new LogEventStore(log, ownsTransport, clock);
    } catch (RuntimeException e) {
      StoreLog.release(transport);
      throw e;
    }
  }

  /** The partition of the store's topic that holds its events. */
  int partition() {
    return log.partition;
  }

  @Override
  public AppendResult append(String stream, ExpectedVersion expected, List<NewEvent> events) {
    AppendChecks.check(stream, expected, events);
    EventRecords.check(stream, events);
    List<String> ids = new ArrayList<>(events.size());
    events.forEach(event -> ids.add(event.id()));
    AppendResult result;
    CompletableFuture<List<Position>> written;
    long first = -1;
    lock.lock();
    try {
      checkWritable();
      Optional<AppendResult> earlier = index.earlierAppend(stream, events);
      if (earlier.isPresent()) {
        result = earlier.get();
        // the earlier append may still be being written: wait for the latest, which ends later
        written = result.lastPosition() < log.end() ? null : lastWrite;
      } else {
        long version = index.version(stream);
        if (!expected.accepts(version)) {
          throw new WrongExpectedVersionException(stream, expected, version);
        }
        written = log.append(EventRecords.envelopes(stream, events, version + 1, clock.instant()));
        if (written.isCompletedExceptionally()) {
          // refused before the log took it, or the log had stopped: nothing can build on it
          throw notStored(stream, written.exceptionNow());
        }
        first = nextPosition;
        nextPosition += events.size();
        index.add(stream, ids, first);
        lastWrite = written;
        result = new AppendResult(version + events.size(), first + events.size() - 1);
      }
    } finally {
      lock.unlock();
    }
    if (written != null) {
      if (first >= 0) {
        var unused = written.whenComplete((positions, error) -> signal.signal());
      }
      awaitStored(written, stream, first);
    }
    return result;
  }

  /**
   * Waits, outside the lock so that appenders share the log's group commit, until the log stored
   * the append that starts at {@code first} (-1: an earlier append that a retry waits for).
   */
  private void awaitStored(CompletableFuture<List<Position>> written, String stream, long first) {
    List<Position> positions;
    try {
      positions = written.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeraldException(
          "interrupted while the log stored an append to "
              + stream
              + "; it may or may not be stored. Append the same events again (same ids) to find"
              + " out: if they were stored, the retry writes nothing and returns their result",
          e);
    } catch (ExecutionException e) {
      fail("the log failed to store an append: " + e.getCause().getMessage(), e.getCause());
      throw new HeraldException(
          "the log did not store an append to "
              + stream
              + ", so it is not acknowledged: "
              + e.getCause().getMessage()
              + ". The event store accepts no more appends: close and reopen it once the disk is"
              + " fixed, then append the same events (same ids); if they were stored after all,"
              + " the retry writes nothing and returns their result",
          e.getCause());
    }
    if (first >= 0 && (positions.isEmpty() || positions.get(0).offset() != first)) {
      fail("the log stored an append elsewhere than expected: something else writes to it", null);
      throw new HeraldException(failure.getMessage(), failure);
    }
  }

  private static HeraldException notStored(String stream, Throwable cause) {
    return new HeraldException(
        "the log did not store an append to "
            + stream
            + ", so it is not acknowledged: "
            + cause.getMessage()
            + ". Once the log works again, append the same events (same ids): if they were"
            + " stored after all, the retry writes nothing and returns their result",
        cause);
  }

  private void fail(String reason, Throwable cause) {
    lock.lock();
    try {
      if (failure == null) {
        failure =
            new HeraldException(
                "the event store on "
                    + log.transport.directory()
                    + " accepts no more appends: "
                    + reason
                    + ". Appends after it could build on versions never stored; check the disk,"
                    + " then close and reopen the store (it keeps every acknowledged event)",
                cause);
      }
    } finally {
      lock.unlock();
    }
  }

  private void checkWritable() {
    checkOpen();
    HeraldException failed = failure;
    if (failed != null) {
      throw new HeraldException(failed.getMessage(), failed);
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new HeraldException(
          "the event store on "
              + log.transport.directory()
              + " is closed; open it again to use it");
    }
  }

  @Override
  public List<RecordedEvent> read(String stream, long fromVersion, Direction direction, int limit) {
    StreamNames.check(stream);
    if (direction == null || fromVersion < 0 || limit < 0) {
      throw new HeraldException(
          "a read of "
              + stream
              + " needs a direction, a version of 0 or more (Long.MAX_VALUE for the end) and a"
              + " limit of 0 or more; was "
              + direction
              + ", "
              + fromVersion
              + " and "
              + limit);
    }
    checkOpen();
    long[] positions = new long[0];
    int from = 0;
    lock.lock();
    try {
      StreamPositions versions = index.stream(stream);
      int visible = versions == null ? 0 : versions.visible(log.end());
      if (direction == Direction.FORWARDS && fromVersion < visible) {
        from = (int) fromVersion;
        positions = versions.positions(from, (int) Math.min(visible, from + (long) limit));
      } else if (direction == Direction.BACKWARDS && visible > 0 && limit > 0) {
        int last = (int) Math.min(fromVersion, visible - 1L);
        from = Math.max(0, last - limit + 1);
        positions = versions.positions(from, last + 1);
      }
    } finally {
      lock.unlock();
    }
    List<RecordedEvent> events = log.read(stream, from, positions);
    if (direction == Direction.BACKWARDS) {
      Collections.reverse(events);
    }
    return events;
  }

  @Override
  public List<RecordedEvent> readAll(long fromPosition, int limit) {
    if (fromPosition < 0 || limit < 0) {
      throw new HeraldException(
          "readAll needs a position and a limit of 0 or more; was "
              + fromPosition
              + " and "
              + limit);
    }
    checkOpen();
    return log.readAll(fromPosition, limit);
  }

  @Override
  public long version(String stream) {
    StreamNames.check(stream);
    checkOpen();
    lock.lock();
    try {
      StreamPositions versions = index.stream(stream);
      return versions == null ? -1 : versions.visible(log.end()) - 1;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public long lastPosition() {
    checkOpen();
    return log.lastPosition();
  }

  @Override
  public EventSubscription subscribe(
      StreamFilter filter, long fromPosition, SubscriptionListener listener) {
    checkOpen();
    EventSubscription subscription =
        new TrackedSubscription(
            CatchUpSubscription.start(
                log::readAll, signal, filter, Math.max(0, fromPosition), listener, POLL),
            subscriptions);
    if (closed) {
      subscription.close(); // close() ran meanwhile and missed it
    }
    return subscription;
  }

  @Override
  public Checkpoints checkpoints() {
    checkOpen();
    return checkpoints;
  }

  /**
   * Stops the subscriptions, waits for appends still being written, and closes the log if the store
   * opened it.
   */
  @Override
  public void close() {
    CompletableFuture<List<Position>> last;
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      last = lastWrite;
    } finally {
      lock.unlock();
    }
    checkpoints.close();
    List.copyOf(subscriptions).forEach(EventSubscription::close);
    try {
      if (ownsTransport) {
        log.transport.close();
      } else {
        // a store opened next on this transport must find every append of this one
        var unused = last.handle((positions, error) -> positions).join();
      }
    } finally {
      StoreLog.release(log.transport);
    }
  }
}
