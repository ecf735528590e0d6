package dev.herald.eventstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.eventstore.ExpectedVersion;
import dev.herald.eventstore.NewEvent;
import dev.herald.eventstore.RecordedEvent;
import dev.herald.eventstore.StreamFilter;
import dev.herald.eventstore.projection.Projection;
import dev.herald.eventstore.projection.Projector;
import dev.herald.testkit.Await;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A read model in a PostgreSQL table, one table per generation: a rebuild fills {@code
 * order_totals_g2} while queries keep reading {@code order_totals_g1}, then swaps and drops it.
 */
class TableProjectionExampleTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static String schema;
  private PostgresEventStore store;
  private Projector<String> projector;

  @BeforeAll
  static void createSchema() {
    schema = PostgresTestDatabase.newSchema();
  }

  @AfterAll
  static void dropSchema() {
    PostgresTestDatabase.dropSchema(schema);
  }

  @AfterEach
  void close() {
    if (projector != null) {
      projector.close();
    }
    store.close();
  }

  /**
   * Cents per customer; each row remembers the last stream version applied, so replays are no-ops.
   */
  static final class OrderTotals implements Projection<String> {
    final String schema;
    volatile CountDownLatch holdRebuild = new CountDownLatch(0);

    OrderTotals(String schema) {
      this.schema = schema;
    }

    @Override
    public String name() {
      return "order-totals";
    }

    @Override
    public StreamFilter filter() {
      return StreamFilter.category("order");
    }

    @Override
    public String open(int generation) throws SQLException {
      String table = "\"" + schema + "\".order_totals_g" + generation;
      try (Connection c = PostgresTestDatabase.connect();
          Statement s = c.createStatement()) {
        s.execute(
            "CREATE TABLE IF NOT EXISTS "
                + table
                + " (stream text PRIMARY KEY, customer text NOT NULL, cents bigint NOT NULL,"
                + " version bigint NOT NULL)");
      }
      return table;
    }

    @Override
    public void apply(String table, RecordedEvent event) throws Exception {
      if (table.endsWith("_g2")) {
        holdRebuild.await();
      }
      String data = event.dataAsString();
      int colon = data.indexOf(':');
      try (Connection c = PostgresTestDatabase.connect();
          PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO "
                      + table
                      + " VALUES (?, ?, ?, ?) ON CONFLICT (stream) DO UPDATE"
                      + " SET cents = "
                      + table
                      + ".cents + excluded.cents, version = excluded.version"
                      + " WHERE "
                      + table
                      + ".version < excluded.version")) {
        ps.setString(1, event.stream());
        ps.setString(2, data.substring(0, colon));
        ps.setLong(3, Long.parseLong(data.substring(colon + 1)));
        ps.setLong(4, event.version());
        ps.executeUpdate();
      }
    }

    @Override
    public void drop(String table, int generation) throws SQLException {
      try (Connection c = PostgresTestDatabase.connect();
          Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS " + table);
      }
    }
  }

  private static long cents(String table, String customer) throws SQLException {
    try (Connection c = PostgresTestDatabase.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT coalesce(sum(cents), 0) FROM " + table + " WHERE customer = ?")) {
      ps.setString(1, customer);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static boolean exists(String table) throws SQLException {
    try (Connection c = PostgresTestDatabase.connect();
        PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  private void place(String stream, String customer, long cents) {
    store.append(
        stream,
        ExpectedVersion.any(),
        List.of(
            NewEvent.of(
                "shop.order.placed", (customer + ":" + cents).getBytes(StandardCharsets.UTF_8))));
  }

  private void awaitProjected() throws InterruptedException {
    long end = store.lastPosition() + 1;
    Await.until(
        "the projection to reach " + end,
        WAIT,
        Duration.ofMillis(5),
        projector::position,
        p -> p >= end);
  }

  @Test
  void aRebuildFillsANewTable_whileTheOldServes_andSwapsOnceCaughtUp() throws Exception {
    store = PostgresEventStore.builder().url(PostgresTestDatabase.url()).schema(schema).open();
    OrderTotals totals = new OrderTotals(schema);
    place("order-1", "ada", 500);
    place("order-2", "ada", 250);
    projector = Projector.start(store, totals);
    awaitProjected();
    String first = projector.view();
    assertThat(cents(first, "ada")).isEqualTo(750);

    totals.holdRebuild = new CountDownLatch(1);
    CompletableFuture<Integer> swapped = projector.rebuild();
    place("order-3", "ada", 1);
    awaitProjected();

    assertThat(projector.view()).as("the old table serves during the rebuild").isEqualTo(first);
    assertThat(cents(projector.view(), "ada")).isEqualTo(751);
    assertThat(swapped).isNotDone();

    totals.holdRebuild.countDown();
    assertThat(swapped.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);
    assertThat(projector.view()).endsWith("order_totals_g2");
    assertThat(cents(projector.view(), "ada")).isEqualTo(751);
    assertThat(exists(first)).as("the old table is dropped").isFalse();
  }
}
