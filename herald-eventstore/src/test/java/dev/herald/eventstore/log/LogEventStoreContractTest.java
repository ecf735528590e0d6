package dev.herald.eventstore.log;

import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.EventStoreContract;
import dev.herald.log.Durability;
import dev.herald.log.LogSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The event store contract on the embedded log, without fsync for speed. */
class LogEventStoreContractTest extends EventStoreContract {
  @TempDir Path directory;

  @Override
  protected EventStore openStore() {
    return LogEventStore.open(LogSettings.of(directory).withDurability(Durability.never()));
  }

  @Override
  protected EventStore reopenStore() {
    return openStore();
  }
}
