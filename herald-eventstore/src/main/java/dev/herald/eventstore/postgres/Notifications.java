package dev.herald.eventstore.postgres;

import dev.herald.eventstore.spi.AppendSignal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon thread per store that LISTENs on the store's channel on a connection of its own and
 * signals the store's subscriptions on every notification (appends notify at commit, from any
 * process). It reconnects with a growing pause, at most {@link #MAX_BACKOFF_MILLIS}, if the
 * connection drops, and signals after every reconnect for what it may have missed.
 */
final class Notifications implements AutoCloseable {
  /** A source of the listening connection. */
  @FunctionalInterface
  interface ConnectionSource {
    Connection connect() throws SQLException;
  }

  static final long MIN_BACKOFF_MILLIS = 100;
  static final long MAX_BACKOFF_MILLIS = 5_000;

  /** How long one wait for notifications lasts: the longest {@link #close} waits for the thread. */
  private static final int WAIT_MILLIS = 100;

  private static final Logger log = LoggerFactory.getLogger(Notifications.class);

  private final ConnectionSource source;
  private final String channel;
  private final AppendSignal signal;
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;

  Notifications(ConnectionSource source, String channel, AppendSignal signal) {
    this.source = source;
    this.channel = channel;
    this.signal = signal;
    this.thread = new Thread(this::run, "herald-es-listen-" + channel);
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private boolean stopped() {
    return stop.getCount() == 0;
  }

  private void run() {
    long backoff = MIN_BACKOFF_MILLIS;
    while (!stopped()) {
      try (Connection c = source.connect()) {
        c.setAutoCommit(true);
        try (Statement listen = c.createStatement()) {
          listen.execute("LISTEN \"" + channel + '"');
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        backoff = MIN_BACKOFF_MILLIS;
        signal.signal();
        while (!stopped()) {
          PGNotification[] received = pg.getNotifications(WAIT_MILLIS);
          if (received != null && received.length > 0) {
            signal.signal();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (stopped()) {
          return;
        }
        log.warn(
            "listening for event store appends on channel {} failed, reconnecting in {} ms: {}",
            channel,
            backoff,
            e.toString());
        try {
          if (stop.await(backoff, TimeUnit.MILLISECONDS)) {
            return;
          }
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
      }
    }
  }

  /** Stops the thread and waits for it to close its connection. */
  @Override
  public void close() {
    stop.countDown();
    if (Thread.currentThread() == thread || !thread.isAlive()) {
      return;
    }
    try {
      thread.join(MAX_BACKOFF_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
