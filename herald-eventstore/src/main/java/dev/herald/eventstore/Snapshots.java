package dev.herald.eventstore;

import dev.herald.core.Codec;
import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots of entity states, as events of type {@value #TYPE} in stream {@code snapshot.<stream>}
 * of the same store. A snapshot is a cache: one that cannot be read (the state's record changed
 * shape) is ignored and the entity is replayed from its first event; one that cannot be saved is
 * logged and skipped.
 */
final class Snapshots<S> {
  static final String TYPE = EventStore.SNAPSHOT_TYPE;
  static final String VERSION = "snapshotversion";
  static final String STATE_TYPE = "statetype";

  private static final Logger LOG = LoggerFactory.getLogger(Snapshots.class);

  private final EventStore store;
  private final Codec codec;
  private final int every;

  Snapshots(EventStore store, Codec codec, int every) {
    this.store = store;
    this.codec = codec;
    this.every = every;
  }

  static String streamOf(String stream) {
    return "snapshot." + stream;
  }

  /** The latest readable snapshot of {@code stream}, if there is one. */
  Optional<AggregateRepository.Loaded<S>> latest(String stream, Aggregate<S, ?> aggregate) {
    if (every == 0) {
      return Optional.empty();
    }
    List<RecordedEvent> last = store.read(streamOf(stream), Long.MAX_VALUE, Direction.BACKWARDS, 1);
    if (last.isEmpty()) {
      return Optional.empty();
    }
    RecordedEvent snapshot = last.get(0);
    try {
      Class<?> stateType =
          Class.forName(
              snapshot.metadata().getOrDefault(STATE_TYPE, ""),
              false,
              aggregate.getClass().getClassLoader());
      Envelope envelope =
          Envelope.builder()
              .id(snapshot.id())
              .source("herald-eventstore")
              .type(TYPE)
              .time(Instant.EPOCH)
              .data(snapshot.data())
              .build();
      @SuppressWarnings("unchecked") // the snapshot was written from an S of this aggregate
      S state = (S) codec.decode(envelope, stateType);
      long version = Long.parseLong(snapshot.metadata().getOrDefault(VERSION, "-1"));
      return Optional.of(new AggregateRepository.Loaded<>(state, version));
    } catch (ClassNotFoundException | RuntimeException e) {
      LOG.warn(
          "snapshot {} of {} cannot be read ({}); replaying the stream from its start",
          snapshot.id(),
          stream,
          e.toString());
      return Optional.empty();
    }
  }

  /** Saves the state after {@code decided} if the append crossed a multiple of the interval. */
  <E> void maybeSave(
      Aggregate<S, E> aggregate,
      String id,
      AggregateRepository.Loaded<S> loaded,
      List<E> decided,
      long newVersion) {
    if (every == 0 || (newVersion + 1) / every == (loaded.version() + 1) / every) {
      return;
    }
    S state = loaded.state();
    for (E event : decided) {
      state = aggregate.apply(state, event);
    }
    String stream = aggregate.stream(id);
    try {
      NewEvent snapshot =
          new NewEvent(
              UUID.randomUUID().toString(),
              TYPE,
              codec.encode(state),
              Map.of(VERSION, Long.toString(newVersion), STATE_TYPE, state.getClass().getName()));
      store.append(streamOf(stream), ExpectedVersion.any(), List.of(snapshot));
    } catch (HeraldException e) {
      LOG.warn(
          "saving a snapshot of {} at version {} failed; loading replays more",
          stream,
          newVersion,
          e);
    }
  }
}
