package dev.herald.eventstore.postgres;

import dev.herald.core.HeraldException;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The schema a store keeps its tables in: its checked name, the qualified names of its tables, its
 * notification channel and advisory-lock key, and the migrations that create it.
 *
 * @param name a lower-case SQL identifier, at most {@value #MAX_LENGTH} characters
 */
record Schema(String name) {
  static final int MAX_LENGTH = 48;
  static final String HISTORY_TABLE = "herald_schema_history";
  static final String MIGRATIONS = "classpath:db/herald/postgres";
  private static final Pattern NAME =
      Pattern.compile("[a-z_][a-z0-9_]{0," + (MAX_LENGTH - 1) + "}");

  Schema {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new HeraldException(
          "an event store schema name is 1 to "
              + MAX_LENGTH
              + " lower-case letters, digits and underscores, not starting with a digit, such as"
              + " herald; was '"
              + name
              + "'");
    }
  }

  /** {@code "name".table}, for SQL. */
  String table(String table) {
    return '"' + name + "\"." + table;
  }

  /** The channel appends notify at commit and subscriptions listen on. */
  String channel() {
    return name + "_events";
  }

  /**
   * The high bits of the advisory-lock keys appends hold while in flight: 15 bits from the name,
   * the low 48 bits of a key being a position (see {@link PostgresEventStore}).
   */
  long lockKey() {
    return name.hashCode() & 0x7fffL;
  }

  /**
   * Creates or upgrades the tables. Flyway holds a PostgreSQL advisory lock while it migrates, so
   * stores opening at the same time wait for each other instead of migrating twice.
   */
  void migrate(DataSource dataSource) {
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .schemas(name)
          .table(HISTORY_TABLE)
          .locations(MIGRATIONS)
          .failOnMissingLocations(true)
          .load()
          .migrate();
    } catch (FlywayException e) {
      throw new HeraldException(
          "could not create or upgrade the event store tables in schema "
              + name
              + ": "
              + e.getMessage()
              + ". Check that the user may create tables in that schema (or create the schema"
              + " itself) and that no other application owns a table named "
              + HISTORY_TABLE
              + " there",
          e);
    }
  }
}
