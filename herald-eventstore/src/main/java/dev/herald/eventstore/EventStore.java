package dev.herald.eventstore;

import java.util.List;

/**
 * Streams of events, one per entity ({@code order-17}), with optimistic concurrency, and one global
 * order across all streams. Backends: {@code dev.herald.eventstore.log} (embedded, in the log's
 * data directory) and {@code dev.herald.eventstore.postgres}.
 *
 * <p>Every event has a version in its stream (0, 1, 2, … with no gaps) and a position in the store
 * (increasing in the order appends became visible; there may be gaps). Appends are atomic: all of
 * an append's events are stored, or none. Thread-safe.
 */
public interface EventStore extends AutoCloseable {
  /** Most events one append may hold. */
  int MAX_EVENTS_PER_APPEND = 10_000;

  /** Largest event data, in bytes. */
  int MAX_DATA_BYTES = 8 << 20;

  /**
   * The type of the snapshots {@link AggregateRepository} keeps in streams {@code
   * snapshot.<stream>}: a cache, not an event; relays and projections over all streams skip it.
   */
  String SNAPSHOT_TYPE = "herald.snapshot";

  /**
   * Appends {@code events} to {@code stream} if its current version is what {@code expected} says.
   * Retrying an append whose events (by id) are already the stream's events at that place, such as
   * after a timeout, writes nothing and returns the first append's result.
   *
   * @return the stream's new version and the position of the last event appended
   * @throws WrongExpectedVersionException if the stream's version is not the expected one
   * @throws dev.herald.core.HeraldException if the stream name or an event is invalid, or the store
   *     cannot be reached; nothing is stored then
   */
  AppendResult append(String stream, ExpectedVersion expected, List<NewEvent> events);

  /**
   * Up to {@code limit} events of {@code stream}, from version {@code fromVersion} (inclusive) in
   * {@code direction}; {@link Long#MAX_VALUE} reads backwards from the end. Empty if the stream
   * does not exist or has nothing there.
   */
  List<RecordedEvent> read(String stream, long fromVersion, Direction direction, int limit);

  /** Up to {@code limit} events of every stream, from {@code fromPosition} (inclusive) on. */
  List<RecordedEvent> readAll(long fromPosition, int limit);

  /** The stream's current version: the version of its last event, or -1 if it has none. */
  long version(String stream);

  /** The position of the last event readers can see, or -1 if the store is empty. */
  long lastPosition();

  /**
   * Delivers the events {@code filter} selects, from {@code fromPosition} (inclusive) on: first the
   * stored ones (catching up), then new ones as they are appended (live). {@link
   * SubscriptionListener#caughtUp} marks the switch; {@link SubscriptionListener#fellBehind} a fall
   * back to catching up when live delivery could not keep up. The listener is called on one thread,
   * in position order; an exception from it stops the subscription and is passed to {@link
   * SubscriptionListener#stopped}.
   */
  EventSubscription subscribe(
      StreamFilter filter, long fromPosition, SubscriptionListener listener);

  /** Durable checkpoints for subscriptions (projections), kept in the same store. */
  Checkpoints checkpoints();

  /** Stops subscriptions and releases the store. */
  @Override
  void close();
}
