package dev.herald.eventstore.memory;

import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.EventStoreContract;

class InMemoryEventStoreContractTest extends EventStoreContract {
  @Override
  protected EventStore openStore() {
    return new InMemoryEventStore();
  }
}
