package dev.herald.bench;

import dev.herald.core.HeraldException;
import dev.herald.eventstore.postgres.PostgresEventStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The PostgreSQL of one {@link EventStoreBench} run: the server at a given URL, or an embedded one
 * started for the run and stopped at {@link #close()}; in it a fresh schema with the event store's
 * tables and the baseline's copy of its events table, dropped at {@link #close()}.
 */
final class BenchPostgres implements AutoCloseable {
  /** The baseline's table, beside the store's {@code events} in the same schema. */
  static final String BASELINE_TABLE = "jdbc_events";

  private final Optional<EmbeddedPostgres> embedded;
  private final String url;
  private final String schema;
  private final PostgresEventStore store;
  private final String description;

  private BenchPostgres(
      Optional<EmbeddedPostgres> embedded, String url, String schema, PostgresEventStore store) {
    this.embedded = embedded;
    this.url = url;
    this.schema = schema;
    this.store = store;
    this.description = describe();
  }

  /**
   * Connects to {@code url}, or starts an embedded server, then opens the event store in a fresh
   * schema with a pool of {@code poolSize} connections and copies its events table for the
   * baseline.
   *
   * @throws HeraldException if the server cannot be started or reached, or the tables not created
   */
  static BenchPostgres start(Optional<String> url, int poolSize) {
    Optional<EmbeddedPostgres> embedded =
        url.isPresent() ? Optional.empty() : Optional.of(startEmbedded());
    String jdbcUrl = url.orElseGet(() -> embedded.orElseThrow().getJdbcUrl("postgres", "postgres"));
    String schema =
        "herald_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    PostgresEventStore store = null;
    try {
      store = PostgresEventStore.builder().url(jdbcUrl).schema(schema).poolSize(poolSize).open();
      execute(
          jdbcUrl,
          String.format(
              Locale.ROOT,
              "CREATE TABLE \"%s\".%s (LIKE \"%s\".events INCLUDING ALL)",
              schema,
              BASELINE_TABLE,
              schema));
      return new BenchPostgres(embedded, jdbcUrl, schema, store);
    } catch (RuntimeException e) {
      release(store, jdbcUrl, schema, embedded);
      throw e;
    }
  }

  /** Such as {@code PostgreSQL 15.14 at 127.0.0.1:5432/test (synchronous_commit=on, …)}. */
  String description() {
    return description;
  }

  /** The {@code postgres} side: appends to the store, one transaction each. */
  AppendSide storeSide() {
    return new AppendSide() {
      @Override
      public String name() {
        return "postgres";
      }

      @Override
      public Target open(String measurement) {
        return new StoreTarget(store, () -> {});
      }
    };
  }

  /** The {@code jdbc} side: plain inserts of the same rows into the copy of the events table. */
  AppendSide jdbcSide() {
    return new JdbcSide(url, "\"" + schema + "\"." + BASELINE_TABLE);
  }

  @Override
  public void close() {
    release(store, url, schema, embedded);
  }

  private static void release(
      PostgresEventStore store, String url, String schema, Optional<EmbeddedPostgres> embedded) {
    try {
      if (store != null) { // else the store never reached the server: no schema to drop
        store.close();
        execute(url, "DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
      }
    } catch (RuntimeException e) {
      System.err.println("could not drop the bench's schema " + schema + ": " + e.getMessage());
    } finally {
      embedded.ifPresent(BenchPostgres::stop);
    }
  }

  private String describe() {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT current_setting('server_version'), current_setting('synchronous_commit'),"
                    + " current_setting('fsync'), current_setting('shared_buffers')")) {
      rs.next();
      String server =
          embedded.isPresent()
              ? "embedded PostgreSQL " + rs.getString(1) + " (io.zonky.test) started for this run"
              : "PostgreSQL " + rs.getString(1);
      return String.format(
          Locale.ROOT,
          "%s at %s; synchronous_commit=%s, fsync=%s, shared_buffers=%s; schema %s, dropped at the"
              + " end",
          server,
          redacted(url),
          rs.getString(2),
          rs.getString(3),
          rs.getString(4),
          schema);
    } catch (SQLException e) {
      throw new HeraldException(
          "could not read PostgreSQL's settings at " + redacted(url) + ": " + e, e);
    }
  }

  private static EmbeddedPostgres startEmbedded() {
    try {
      // zonky turns durability off for tests; a bench of commits wants them as a server makes them
      return EmbeddedPostgres.builder()
          .setRegisterShutdownHook(true)
          .setServerConfig("fsync", "on")
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("full_page_writes", "on")
          .start();
    } catch (IOException | RuntimeException e) {
      throw new HeraldException(
          "could not start an embedded PostgreSQL: "
              + e.getMessage()
              + "; give a running server with --pg-url or "
              + EventStoreBenchOptions.PG_URL_VARIABLE
              + " instead",
          e);
    }
  }

  private static void stop(EmbeddedPostgres server) {
    try {
      server.close();
    } catch (IOException e) {
      System.err.println("could not stop the embedded PostgreSQL: " + e);
    }
  }

  private static void execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new HeraldException(
          "PostgreSQL at " + redacted(url) + " refused " + sql + ": " + e.getMessage(), e);
    }
  }

  /** The URL without its password, for messages. */
  static String redacted(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}
