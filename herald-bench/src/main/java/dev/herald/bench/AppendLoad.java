package dev.herald.bench;

import java.util.Locale;

/**
 * What one measurement of {@link EventStoreBench} appends: {@code events} per append (one commit),
 * from {@code writers} threads at once.
 *
 * @param events events per append, 1 or more
 * @param writers threads appending at once, each to streams of its own
 */
public record AppendLoad(int events, int writers) {
  /** Checks the figures. */
  public AppendLoad {
    OptionChecks.require(
        events >= 1 && events <= 10_000, "events per append must be from 1 to 10000");
    OptionChecks.require(writers >= 1 && writers <= 1000, "writers must be from 1 to 1000");
  }

  /** Such as {@code 1 event, 16 writers} or {@code 100 events, 1 writer}, as the table shows it. */
  public String label() {
    return String.format(
        Locale.ROOT,
        "%d event%s, %d writer%s",
        events,
        events == 1 ? "" : "s",
        writers,
        writers == 1 ? "" : "s");
  }

  @Override
  public String toString() {
    return label();
  }
}
