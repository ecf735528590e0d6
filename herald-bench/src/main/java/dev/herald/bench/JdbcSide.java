package dev.herald.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.HeraldException;
import dev.herald.eventstore.NewEvent;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The baseline: plain pgjdbc, a connection per writer with auto-commit off, inserting the rows the
 * event store would write into {@code table}, a copy of its events table. One commit per append: an
 * {@code executeUpdate} for one event, an {@code executeBatch} for more. No version check, no lock,
 * no notification: what the store adds to the same rows is what the ratio shows.
 *
 * @param url the server's JDBC URL
 * @param table the qualified table name
 */
record JdbcSide(String url, String table) implements AppendSide {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public String name() {
    return "jdbc";
  }

  @Override
  public Target open(String measurement) {
    String sql =
        "INSERT INTO "
            + table
            + " (stream, version, id, type, data, metadata) VALUES (?, ?, ?, ?, ?, ?::jsonb)";
    return new Target() {
      @Override
      public Writer writer() {
        try {
          return new JdbcWriter(DriverManager.getConnection(url), sql);
        } catch (SQLException e) {
          throw new HeraldException("the jdbc side cannot connect to PostgreSQL: " + e, e);
        }
      }

      @Override
      public void close() {}
    };
  }

  /** One connection and its prepared insert. */
  private static final class JdbcWriter implements Writer {
    private final Connection connection;
    private final PreparedStatement insert;

    JdbcWriter(Connection connection, String sql) throws SQLException {
      this.connection = connection;
      try {
        connection.setAutoCommit(false);
        this.insert = connection.prepareStatement(sql);
      } catch (SQLException e) {
        connection.close();
        throw e;
      }
    }

    @Override
    public void append(String stream, long version, List<NewEvent> events)
        throws SQLException, JsonProcessingException {
      for (int i = 0; i < events.size(); i++) {
        NewEvent event = events.get(i);
        insert.setString(1, stream);
        insert.setLong(2, version + 1 + i);
        insert.setString(3, event.id());
        insert.setString(4, event.type());
        insert.setBytes(5, event.data());
        insert.setString(6, JSON.writeValueAsString(event.metadata()));
        if (events.size() > 1) {
          insert.addBatch();
        }
      }
      if (events.size() > 1) {
        var unused = insert.executeBatch();
      } else {
        var unused = insert.executeUpdate();
      }
      connection.commit();
    }

    @Override
    public void close() {
      try {
        connection.close();
      } catch (SQLException e) {
        System.err.println("could not close a jdbc side connection: " + e);
      }
    }
  }
}
