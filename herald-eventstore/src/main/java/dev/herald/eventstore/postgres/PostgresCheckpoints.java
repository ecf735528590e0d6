package dev.herald.eventstore.postgres;

import dev.herald.core.HeraldException;
import dev.herald.eventstore.Checkpoints;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.OptionalLong;
import javax.sql.DataSource;

/** Checkpoints in the store's {@code checkpoints} table, one row per name, saved by upsert. */
final class PostgresCheckpoints implements Checkpoints {
  private final DataSource dataSource;
  private final String loadSql;
  private final String saveSql;

  PostgresCheckpoints(DataSource dataSource, Schema schema) {
    this.dataSource = dataSource;
    String table = schema.table("checkpoints");
    this.loadSql = "SELECT next_position FROM " + table + " WHERE name = ?";
    this.saveSql =
        "INSERT INTO "
            + table
            + " (name, next_position, updated) VALUES (?, ?, now())"
            + " ON CONFLICT (name) DO UPDATE"
            + " SET next_position = excluded.next_position, updated = excluded.updated";
  }

  @Override
  public OptionalLong load(String name) {
    check(name);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(loadSql)) {
      c.setAutoCommit(true);
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
      }
    } catch (SQLException e) {
      throw Failures.of("loading checkpoint " + name, e);
    }
  }

  @Override
  public void save(String name, long nextPosition) {
    check(name);
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(saveSql)) {
      c.setAutoCommit(true);
      ps.setString(1, name);
      ps.setLong(2, nextPosition);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw Failures.of("saving checkpoint " + name, e);
    }
  }

  private static void check(String name) {
    if (name == null || name.isBlank()) {
      throw new HeraldException("a checkpoint needs a name, such as the projection's; was blank");
    }
  }
}
