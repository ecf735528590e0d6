package dev.herald.bench;

import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.log.LogEventStore;
import dev.herald.log.Durability;
import dev.herald.log.LogSettings;
import java.nio.file.Path;

/**
 * The embedded event store ({@link LogEventStore}) on a log of its own with {@code durability}: a
 * fresh store in a fresh directory for each measurement, closed and deleted after it.
 */
record EmbeddedSide(String name, Durability durability, BenchLogs logs) implements AppendSide {
  @Override
  public Target open(String measurement) {
    Path directory = logs.directory(measurement);
    EventStore store = LogEventStore.open(LogSettings.of(directory).withDurability(durability));
    return new StoreTarget(
        store,
        () -> {
          try {
            store.close();
          } finally {
            logs.delete(directory);
          }
        });
  }
}
