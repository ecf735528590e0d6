package dev.herald.eventstore.spi;

import dev.herald.core.HeraldException;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.ExpectedVersion;
import dev.herald.eventstore.NewEvent;
import dev.herald.eventstore.StreamNames;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The checks every backend runs on an append before it stores anything. */
public final class AppendChecks {
  private AppendChecks() {}

  /**
   * Checks the stream name, that there are 1 to {@link EventStore#MAX_EVENTS_PER_APPEND} events and
   * that no event id appears twice among them.
   *
   * @throws HeraldException saying what is wrong
   */
  public static void check(String stream, ExpectedVersion expected, List<NewEvent> events) {
    StreamNames.check(stream);
    if (expected == null) {
      throw new HeraldException(
          "an append to " + stream + " needs an expected version; pass ExpectedVersion.any()");
    }
    if (events == null || events.isEmpty()) {
      throw new HeraldException("an append to " + stream + " needs at least one event");
    }
    if (events.size() > EventStore.MAX_EVENTS_PER_APPEND) {
      throw new HeraldException(
          "an append to "
              + stream
              + " has "
              + events.size()
              + " events, more than the "
              + EventStore.MAX_EVENTS_PER_APPEND
              + " one append takes; split it");
    }
    Set<String> ids = new HashSet<>();
    for (NewEvent event : events) {
      if (event == null) {
        throw new HeraldException("an append to " + stream + " holds a null event");
      }
      if (!ids.add(event.id())) {
        throw new HeraldException(
            "event id " + event.id() + " appears twice in one append to " + stream);
      }
    }
  }

  /**
   * Whether {@code stored}, the events a stream holds from the version an append would have started
   * at, are exactly the append's {@code events} by id: the append is a retry of one that already
   * succeeded.
   */
  public static boolean isRetry(List<String> storedIds, List<NewEvent> events) {
    if (storedIds.size() != events.size()) {
      return false;
    }
    for (int i = 0; i < events.size(); i++) {
      if (!storedIds.get(i).equals(events.get(i).id())) {
        return false;
      }
    }
    return true;
  }
}
