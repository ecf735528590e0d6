package dev.herald.eventstore.postgres;

import dev.herald.eventstore.Direction;
import dev.herald.eventstore.RecordedEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Reads: by stream, which needs no care beyond seeing only committed rows, and of all streams in
 * position order, which stops at gaps that in-flight appends may still fill (see {@link
 * PostgresEventStore}).
 */
final class Reads {
  private static final String COLUMNS =
      "position, stream, version, id, type, data, metadata::text, recorded";

  private final DataSource dataSource;
  private final Schema schema;
  private final String sequenceSql;
  private final String floorSql;
  private final String allSql;
  private final String forwardsSql;
  private final String backwardsSql;
  private final String versionSql;
  private final String lastSql;

  Reads(DataSource dataSource, Schema schema) {
    this.dataSource = dataSource;
    this.schema = schema;
    String events = schema.table("events");
    // the lowest position an append still in flight may hold: the sequence's next value, read
    // first, or the lowest floor among the in-flight locks of this store's appends, read after
    this.sequenceSql =
        "SELECT last_value + CASE WHEN is_called THEN 1 ELSE 0 END FROM "
            + schema.table("events_position_seq");
    this.floorSql =
        "SELECT min(((classid::bigint & 65535) << 32) | objid::bigint) FROM pg_locks"
            + " WHERE locktype = 'advisory' AND objsubid = 1 AND classid::bigint >> 16 = ?"
            + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())";
    this.allSql =
        "SELECT " + COLUMNS + " FROM " + events + " WHERE position >= ? ORDER BY position LIMIT ?";
    this.forwardsSql =
        "SELECT "
            + COLUMNS
            + " FROM "
            + events
            + " WHERE stream = ? AND version >= ? ORDER BY version LIMIT ?";
    this.backwardsSql =
        "SELECT "
            + COLUMNS
            + " FROM "
            + events
            + " WHERE stream = ? AND version <= ? ORDER BY version DESC LIMIT ?";
    this.versionSql = "SELECT coalesce(max(version), -1) FROM " + events + " WHERE stream = ?";
    // the end of the run of consecutive positions that starts at the last row at or below the
    // floor: every row up to the floor is readable, and past it only rows without a gap before
    this.lastSql =
        "WITH base AS (SELECT coalesce(max(position), -1) AS position FROM "
            + events
            + " WHERE position <= ?)\n"
            + "SELECT coalesce(max(run.position), (SELECT position FROM base)) FROM (\n"
            + "  SELECT e.position, e.position - row_number() OVER (ORDER BY e.position) AS start\n"
            + "  FROM "
            + events
            + " e, base WHERE e.position > base.position) run, base\n"
            + "WHERE run.start = base.position";
  }

  List<RecordedEvent> readAll(long fromPosition, int limit) {
    if (limit <= 0) {
      return List.of();
    }
    long from = Math.max(0, fromPosition);
    try (Connection c = connection()) {
      long floor = floor(c);
      // a statement of its own, so its snapshot is taken after the floor was read
      List<RecordedEvent> rows = query(c, allSql, from, limit);
      return untilOpenGap(rows, from, floor);
    } catch (SQLException e) {
      throw Failures.of("reading all streams from position " + from, e);
    }
  }

  long lastPosition() {
    try (Connection c = connection()) {
      long floor = floor(c);
      try (PreparedStatement ps = c.prepareStatement(lastSql)) {
        ps.setLong(1, floor);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    } catch (SQLException e) {
      throw Failures.of("reading the last position", e);
    }
  }

  List<RecordedEvent> read(String stream, long fromVersion, Direction direction, int limit) {
    if (limit <= 0 || (direction == Direction.FORWARDS && fromVersion == Long.MAX_VALUE)) {
      return List.of();
    }
    try (Connection c = connection()) {
      String sql = direction == Direction.FORWARDS ? forwardsSql : backwardsSql;
      return query(c, sql, stream, fromVersion, limit);
    } catch (SQLException e) {
      throw Failures.of("reading stream " + stream, e);
    }
  }

  long version(String stream) {
    try (Connection c = connection();
        PreparedStatement ps = c.prepareStatement(versionSql)) {
      ps.setString(1, stream);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw Failures.of("reading the version of stream " + stream, e);
    }
  }

  /**
   * The leading {@code rows} (read in position order from {@code from}) that no in-flight append
   * can still precede: they stop before the first row with missing positions before it of which any
   * is at or above {@code floor}.
   */
  static List<RecordedEvent> untilOpenGap(List<RecordedEvent> rows, long from, long floor) {
    long next = from;
    for (int i = 0; i < rows.size(); i++) {
      long position = rows.get(i).position();
      if (position > next && position > floor) {
        return rows.subList(0, i);
      }
      next = position + 1;
    }
    return rows;
  }

  private Connection connection() throws SQLException {
    Connection c = dataSource.getConnection();
    // each statement a transaction of its own, whatever the data source's default
    c.setAutoCommit(true);
    return c;
  }

  /**
   * The floor. The sequence is read in a statement before the locks: an append that locks after the
   * lock scan takes its positions after the sequence was read, so they are above that value. (Read
   * the other way round, an append could lock and take a position between the two reads, and be
   * below neither.)
   */
  private long floor(Connection c) throws SQLException {
    long next;
    try (PreparedStatement ps = c.prepareStatement(sequenceSql);
        ResultSet rs = ps.executeQuery()) {
      rs.next();
      next = rs.getLong(1);
    }
    try (PreparedStatement ps = c.prepareStatement(floorSql)) {
      ps.setLong(1, schema.lockKey());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long locked = rs.getLong(1);
        return rs.wasNull() ? next : Math.min(next, locked);
      }
    }
  }

  private static List<RecordedEvent> query(Connection c, String sql, Object... parameters)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        ps.setObject(i + 1, parameters[i]);
      }
      List<RecordedEvent> events = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          long position = rs.getLong(1);
          events.add(
              new RecordedEvent(
                  rs.getString(2),
                  rs.getLong(3),
                  position,
                  rs.getString(4),
                  rs.getString(5),
                  rs.getBytes(6),
                  MetadataJson.read(rs.getString(7), position),
                  rs.getObject(8, OffsetDateTime.class).toInstant()));
        }
      }
      return events;
    }
  }
}
