package dev.herald.eventstore.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.eventstore.ExpectedVersion;
import dev.herald.eventstore.NewEvent;
import dev.herald.eventstore.spi.AppendSignal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Notifications: appends send them, and the listening thread turns them into signals for
 * subscriptions, also after its connection drops.
 */
class NotificationsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final String channel = PostgresTestDatabase.newSchema() + "_events";
  private final String application = "herald-listen-" + channel.substring(12, 24);

  @Test
  void notifications_signal_andListeningResumesAfterTheConnectionDrops() throws Exception {
    AppendSignal signal = new AppendSignal();
    try (Notifications notifications = new Notifications(this::connect, channel, signal)) {
      notifications.start();
      awaitSignalAfter(signal, 0); // it signals once it listens

      long seen = signal.generation();
      notifyChannel();
      awaitSignalAfter(signal, seen);

      seen = signal.generation();
      terminateListener();
      awaitSignalAfter(signal, seen); // listening again

      seen = signal.generation();
      notifyChannel();
      awaitSignalAfter(signal, seen);
    }
  }

  @Test
  void appends_notifyTheStoresChannel_forSubscribersInOtherProcesses() throws Exception {
    String schema = PostgresTestDatabase.newSchema();
    try (PostgresEventStore store =
            PostgresEventStore.builder().url(PostgresTestDatabase.url()).schema(schema).open();
        Connection listening = PostgresTestDatabase.connect();
        Statement listen = listening.createStatement()) {
      listen.execute("LISTEN \"" + schema + "_events\"");

      store.append("order-1", ExpectedVersion.noStream(), List.of(NewEvent.of("t", new byte[0])));

      PGConnection pg = listening.unwrap(PGConnection.class);
      PGNotification[] received = pg.getNotifications((int) WAIT.toMillis());
      assertThat(received).extracting(PGNotification::getName).contains(schema + "_events");
    } finally {
      PostgresTestDatabase.dropSchema(schema);
    }
  }

  private Connection connect() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("ApplicationName", application);
    return DriverManager.getConnection(PostgresTestDatabase.url(), properties);
  }

  private void notifyChannel() throws SQLException {
    try (Connection c = PostgresTestDatabase.connect();
        PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, '')")) {
      ps.setString(1, channel);
      ps.execute();
    }
  }

  private void terminateListener() throws SQLException {
    try (Connection c = PostgresTestDatabase.connect();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                    + " WHERE application_name = ?")) {
      ps.setString(1, application);
      try (var rs = ps.executeQuery()) {
        rs.next();
        assertThat(rs.getInt(1)).as("listening connections terminated").isEqualTo(1);
      }
    }
  }

  private static void awaitSignalAfter(AppendSignal signal, long seen) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (signal.generation() == seen && System.nanoTime() < deadline) {
      signal.await(seen, Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
    }
    assertThat(signal.generation()).as("a signal within %s", WAIT).isNotEqualTo(seen);
  }
}
