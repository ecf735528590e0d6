package dev.herald.saga;

import dev.herald.core.spi.Transport;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.log.LogEventStore;
import dev.herald.log.LogTransport;
import dev.herald.log.LogTransports;
import java.nio.file.Path;

/**
 * The runner on the embedded log, with the event store in the same directory as the topics; a
 * restart closes both and opens them again from disk.
 */
class LogSagaRunnerTest extends SagaRunnerContract {
  @Override
  Backend open(Path directory) {
    return new Backend() {
      private LogTransport transport = LogTransports.open(directory);
      private EventStore store = LogEventStore.open(transport);

      @Override
      public Transport transport() {
        return transport;
      }

      @Override
      public EventStore store() {
        return store;
      }

      @Override
      public void restart() {
        close();
        transport = LogTransports.open(directory);
        store = LogEventStore.open(transport);
      }

      @Override
      public void close() {
        store.close();
        transport.close();
      }
    };
  }
}
