package dev.herald.eventstore.postgres;

import dev.herald.core.HeraldException;
import java.sql.SQLException;

/** Turns JDBC failures into {@link HeraldException}s that say what failed and what to do. */
final class Failures {
  /** SQLState of a unique constraint violation. */
  static final String UNIQUE_VIOLATION = "23505";

  private Failures() {}

  /** {@code what} (such as "reading stream order-17") failed with {@code e}. */
  static HeraldException of(String what, SQLException e) {
    return new HeraldException(
        what + " failed: " + e.getMessage() + "; " + advice(e.getSQLState()), e);
  }

  private static String advice(String state) {
    if (state == null) {
      return "check the PostgreSQL server and its log";
    }
    if (state.startsWith("08")) {
      return "check that the PostgreSQL server is running and reachable at the store's URL,"
          + " and that the pool is large enough for the load (it waits a few seconds for a"
          + " connection)";
    }
    if (state.startsWith("28")) {
      return "check the user and password";
    }
    if (state.equals("3D000")) {
      return "check the database name in the URL; the database must exist";
    }
    if (state.equals("42P01") || state.equals("3F000")) {
      return "the store's tables are missing: they are created when the store is opened, so"
          + " check that nothing dropped them since";
    }
    if (state.startsWith("57")) {
      return "the server is shutting down or cancelled the statement; retry once it is back";
    }
    if (state.startsWith("53")) {
      return "the server is out of a resource (disk, memory or connections); see its log";
    }
    return "check the PostgreSQL server log (SQLState " + state + ")";
  }
}
