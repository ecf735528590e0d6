package dev.herald.eventstore.log;

import dev.herald.core.HeraldException;
import dev.herald.eventstore.AppendResult;
import dev.herald.eventstore.NewEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the store knows of its log, in memory: per stream the position of every version, and per
 * event id its stream and version. Holds appends still being written as well as visible ones;
 * readers cap what they take by the log's end. Not thread-safe; the store's lock guards it.
 */
final class StoreIndex {
  /** Where an event id is stored. */
  private record EventRef(StreamPositions stream, int version) {}

  private final Map<String, StreamPositions> streams = new HashMap<>();
  private final Map<String, EventRef> ids = new HashMap<>();

  /** The stream, or null if it has no events. */
  StreamPositions stream(String stream) {
    return streams.get(stream);
  }

  /** The stream's version counting appends still being written, -1 if it has none. */
  long version(String stream) {
    StreamPositions positions = streams.get(stream);
    return positions == null ? -1 : positions.size() - 1;
  }

  /**
   * The result of the append that stored exactly {@code events} (by id, in order) somewhere in
   * {@code stream}, if one did: appending them again is a retry that writes nothing.
   *
   * @throws HeraldException naming an event id stored anywhere else
   */
  Optional<AppendResult> earlierAppend(String stream, List<NewEvent> events) {
    EventRef first = ids.get(events.get(0).id());
    if (first != null && first.stream().name.equals(stream)) {
      boolean same = true;
      for (int i = 1; same && i < events.size(); i++) {
        EventRef ref = ids.get(events.get(i).id());
        same =
            ref != null && ref.stream() == first.stream() && ref.version() == first.version() + i;
      }
      if (same) {
        long last = first.version() + events.size() - 1L;
        return Optional.of(new AppendResult(last, first.stream().position(last)));
      }
    }
    for (int i = first == null ? 1 : 0; i < events.size(); i++) {
      NewEvent event = events.get(i);
      EventRef ref = ids.get(event.id());
      if (ref != null) {
        throw new HeraldException(
            "event id "
                + event.id()
                + " is already stored, in stream "
                + ref.stream().name
                + " at version "
                + ref.version()
                + "; nothing of this append to "
                + stream
                + " was stored. Retry an append only with exactly the events it stored, in"
                + " order; give new events new ids");
      }
    }
    return Optional.empty();
  }

  /**
   * Adds {@code ids} as the next versions of {@code stream}, at consecutive positions from {@code
   * firstPosition}.
   *
   * @throws IllegalStateException if an id is already indexed (the caller checks first)
   */
  void add(String stream, List<String> eventIds, long firstPosition) {
    StreamPositions positions = streams.computeIfAbsent(stream, StreamPositions::new);
    for (int i = 0; i < eventIds.size(); i++) {
      EventRef ref = new EventRef(positions, positions.size());
      if (ids.putIfAbsent(eventIds.get(i), ref) != null) {
        throw new IllegalStateException("event id " + eventIds.get(i) + " is indexed twice");
      }
      positions.add(firstPosition + i);
    }
  }

  /** Whether {@code id} is indexed. */
  boolean contains(String id) {
    return ids.containsKey(id);
  }
}
