package dev.herald.saga;

import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.memory.InMemoryEventStore;
import java.nio.file.Path;

/** The runner on the memory transport and the in-memory store, which outlive a "restart". */
class MemorySagaRunnerTest extends SagaRunnerContract {
  @Override
  Backend open(Path directory) {
    Transport transport = Transports.memory();
    EventStore store = new InMemoryEventStore();
    return new Backend() {
      @Override
      public Transport transport() {
        return transport;
      }

      @Override
      public EventStore store() {
        return store;
      }

      @Override
      public void restart() {}

      @Override
      public void close() {
        store.close();
        transport.close();
      }
    };
  }
}
