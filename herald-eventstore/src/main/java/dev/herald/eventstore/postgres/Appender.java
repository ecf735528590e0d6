package dev.herald.eventstore.postgres;

import dev.herald.core.HeraldException;
import dev.herald.eventstore.AppendResult;
import dev.herald.eventstore.ExpectedVersion;
import dev.herald.eventstore.NewEvent;
import dev.herald.eventstore.WrongExpectedVersionException;
import dev.herald.eventstore.spi.AppendChecks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.util.PSQLException;

/**
 * Appends: one transaction of two statements sent in one round trip. The first takes the in-flight
 * lock (see {@link PostgresEventStore}); the second reads the stream's version, checks it and
 * inserts the events, all in SQL.
 */
final class Appender {
  /** Attempts of an append that lost a race for its stream's next version to another append. */
  static final int MAX_ATTEMPTS = 50;

  private final DataSource dataSource;
  private final Schema schema;
  private final String appendSql;
  private final String storedSql;

  Appender(DataSource dataSource, Schema schema) {
    this.dataSource = dataSource;
    this.schema = schema;
    String events = schema.table("events");
    this.appendSql =
        // the lock is taken before any position is: readers rely on that order
        "SELECT pg_advisory_xact_lock_shared(?::bigint | (SELECT last_value FROM "
            + schema.table("events_position_seq")
            + "));\n"
            + "WITH head AS (SELECT coalesce(max(version), -1) AS version FROM "
            + events
            + " WHERE stream = ?),\n"
            + "appended AS (INSERT INTO "
            + events
            + " (stream, version, id, type, data, metadata)\n"
            + "  SELECT ?, head.version + e.ord, e.id, e.type, e.data, e.metadata::jsonb\n"
            + "  FROM head, unnest(?::text[], ?::text[], ?::bytea[], ?::text[])"
            + " WITH ORDINALITY AS e(id, type, data, metadata, ord)\n"
            + "  WHERE head.version BETWEEN ? AND ?\n"
            + "  ORDER BY e.ord\n"
            + "  RETURNING position)\n"
            + "SELECT (SELECT version FROM head), (SELECT max(position) FROM appended)";
    this.storedSql = "SELECT id, stream, version, position FROM " + events + " WHERE id = ANY(?)";
  }

  /** Appends in a transaction of its own, retrying races; see {@link PostgresEventStore#append}. */
  AppendResult append(String stream, ExpectedVersion expected, List<NewEvent> events) {
    for (int attempt = 1; ; attempt++) {
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(true);
        Written written = write(c, stream, expected, events);
        if (written.result().isPresent()) {
          return written.result().get();
        }
        return stored(stream, events)
            .orElseThrow(() -> new WrongExpectedVersionException(stream, expected, written.head()));
      } catch (SQLException e) {
        if (!Failures.UNIQUE_VIOLATION.equals(e.getSQLState())) {
          throw Failures.of("appending " + events.size() + " events to " + stream, e);
        }
        // an append committed first: ours may be a retry of it, or lost a race for a version
        Optional<AppendResult> retried = stored(stream, events);
        if (retried.isPresent()) {
          return retried.get();
        }
        if (isVersionRace(e) && !(expected instanceof ExpectedVersion.Any)) {
          long actual = version(stream);
          if (!expected.accepts(actual)) {
            throw new WrongExpectedVersionException(stream, expected, actual);
          }
        }
        if (attempt == MAX_ATTEMPTS) {
          throw new HeraldException(
              "appending to "
                  + stream
                  + " lost the race for the stream's next version "
                  + MAX_ATTEMPTS
                  + " times in a row to other appends; nothing was appended. Append less often to"
                  + " one stream from many writers, or retry later",
              e);
        }
      }
    }
  }

  /**
   * Runs the append's statements on {@code c}; commits only if {@code c} is in auto-commit mode. An
   * empty result means the expected version did not match and nothing was written.
   */
  Written write(Connection c, String stream, ExpectedVersion expected, List<NewEvent> events)
      throws SQLException {
    int n = events.size();
    String[] ids = new String[n];
    String[] types = new String[n];
    byte[][] data = new byte[n][];
    String[] metadata = new String[n];
    for (int i = 0; i < n; i++) {
      NewEvent event = events.get(i);
      ids[i] = event.id();
      types[i] = event.type();
      data[i] = event.data();
      metadata[i] = MetadataJson.write(event.metadata());
    }
    try (PreparedStatement ps = c.prepareStatement(appendSql)) {
      ps.setLong(1, schema.lockKey() << 48);
      ps.setString(2, stream);
      ps.setString(3, stream);
      ps.setArray(4, c.createArrayOf("text", ids));
      ps.setArray(5, c.createArrayOf("text", types));
      ps.setArray(6, c.unwrap(PGConnection.class).createArrayOf("bytea", data));
      ps.setArray(7, c.createArrayOf("text", metadata));
      ps.setLong(8, lowest(expected));
      ps.setLong(9, highest(expected));
      ps.execute();
      if (!ps.getMoreResults()) {
        throw new IllegalStateException("the append's insert returned no result");
      }
      try (ResultSet rs = ps.getResultSet()) {
        rs.next();
        long head = rs.getLong(1);
        long last = rs.getLong(2);
        Optional<AppendResult> result =
            rs.wasNull() ? Optional.empty() : Optional.of(new AppendResult(head + n, last));
        return new Written(head, result);
      }
    }
  }

  /**
   * What the stream already holds of {@code events}: the first append's result if they are all
   * there, in order; empty if none is stored.
   *
   * @throws HeraldException if some of them are stored, but not as exactly this append
   */
  Optional<AppendResult> stored(String stream, List<NewEvent> events) {
    Map<String, Stored> found = new HashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(storedSql)) {
      c.setAutoCommit(true);
      ps.setArray(1, c.createArrayOf("text", events.stream().map(NewEvent::id).toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          found.put(
              rs.getString(1),
              new Stored(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
        }
      }
    } catch (SQLException e) {
      throw Failures.of("looking up the event ids of an append to " + stream, e);
    }
    if (found.isEmpty()) {
      return Optional.empty();
    }
    // a retry finds its events in this stream, at consecutive versions, in its order
    Stored first = found.get(events.get(0).id());
    List<String> inPlace = new ArrayList<>();
    for (NewEvent event : events) {
      Stored s = found.get(event.id());
      if (first == null
          || s == null
          || !s.stream().equals(stream)
          || s.version() != first.version() + inPlace.size()) {
        break;
      }
      inPlace.add(s.id());
    }
    if (AppendChecks.isRetry(inPlace, events)) {
      Stored last = found.get(events.get(events.size() - 1).id());
      return Optional.of(new AppendResult(last.version(), last.position()));
    }
    Stored clash =
        events.stream()
            .map(NewEvent::id)
            .filter(found::containsKey)
            .findFirst()
            .map(found::get)
            .orElseThrow();
    throw new HeraldException(
        "event id "
            + clash.id()
            + " is already stored, in stream "
            + clash.stream()
            + " at version "
            + clash.version()
            + ", so nothing of this append to "
            + stream
            + " was stored. Give new events new ids; reuse ids only to retry the very same append");
  }

  private long version(String stream) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT coalesce(max(version), -1) FROM "
                    + schema.table("events")
                    + " WHERE stream = ?")) {
      c.setAutoCommit(true);
      ps.setString(1, stream);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw Failures.of("reading the version of stream " + stream, e);
    }
  }

  private static boolean isVersionRace(SQLException e) {
    return e instanceof PSQLException p
        && p.getServerErrorMessage() != null
        && "events_stream_version".equals(p.getServerErrorMessage().getConstraint());
  }

  private static long lowest(ExpectedVersion expected) {
    return switch (expected) {
      case ExpectedVersion.Any any -> -1;
      case ExpectedVersion.NoStream none -> -1;
      case ExpectedVersion.StreamExists exists -> 0;
      case ExpectedVersion.Exact exact -> exact.version();
    };
  }

  private static long highest(ExpectedVersion expected) {
    return switch (expected) {
      case ExpectedVersion.Any any -> Long.MAX_VALUE;
      case ExpectedVersion.NoStream none -> -1;
      case ExpectedVersion.StreamExists exists -> Long.MAX_VALUE;
      case ExpectedVersion.Exact exact -> exact.version();
    };
  }

  /**
   * What the append's statements did.
   *
   * @param head the stream's version they saw before appending
   * @param result what was appended; empty if {@code head} did not match the expected version
   */
  record Written(long head, Optional<AppendResult> result) {}

  private record Stored(String id, String stream, long version, long position) {}
}
