package dev.herald.eventstore.postgres;

import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.EventStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The contract on PostgreSQL, every test on one schema of this class's own. */
class PostgresEventStoreContractTest extends EventStoreContract {
  private static String schema;

  @BeforeAll
  static void takeSchema() {
    schema = PostgresTestDatabase.newSchema();
  }

  @AfterAll
  static void dropSchema() {
    PostgresTestDatabase.dropSchema(schema);
  }

  @Override
  protected EventStore openStore() {
    return PostgresEventStore.builder().url(PostgresTestDatabase.url()).schema(schema).open();
  }

  @Override
  protected EventStore reopenStore() {
    return openStore();
  }
}
