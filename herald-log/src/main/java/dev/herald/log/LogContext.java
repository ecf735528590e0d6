package dev.herald.log;

import java.time.Clock;

/**
 * What every part of one log transport shares: its settings, its clock and how it opens files.
 *
 * @param settings the transport's settings
 * @param clock the source of record timestamps and of the time retention compares against
 * @param channels opens segment and index files
 */
record LogContext(LogSettings settings, Clock clock, ChannelFactory channels) {
  /** True if every batch is fsynced before it is acknowledged. */
  boolean syncEachBatch() {
    return settings.durability() instanceof Durability.Always;
  }

  /** True if a background flusher fsyncs every so often. */
  boolean syncOnInterval() {
    return settings.durability() instanceof Durability.Interval;
  }
}
