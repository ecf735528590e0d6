package dev.herald.eventstore.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells subscribers in every process that appends committed: a NOTIFY on the store's channel, sent
 * from a daemon thread of its own, one for all the appends since the previous one.
 *
 * <p>Not inside the appends' transactions: PostgreSQL holds one lock on the notification queue from
 * before a notifying transaction's commit is flushed until it completes, which makes concurrent
 * appends commit one at a time. Not in the appending thread either: an append returns when its
 * commit does. A lost notification only delays subscribers until their next poll.
 */
final class Notifier implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Notifier.class);
  private static final long JOIN_MILLIS = 2_000;

  private final DataSource dataSource;
  private final String channel;
  private final AtomicBoolean pending = new AtomicBoolean();
  private final Thread thread;
  private volatile boolean closed;

  Notifier(DataSource dataSource, String channel) {
    this.dataSource = dataSource;
    this.channel = channel;
    this.thread = new Thread(this::run, "herald-es-notify-" + channel);
    thread.setDaemon(true);
    thread.start();
  }

  /** An append committed; returns at once. */
  void appended() {
    pending.set(true);
    LockSupport.unpark(thread);
  }

  private void run() {
    while (!closed) {
      if (pending.getAndSet(false)) {
        send();
      } else {
        LockSupport.park(this);
      }
    }
  }

  private void send() {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, '')")) {
      c.setAutoCommit(true);
      ps.setString(1, channel);
      ps.execute();
    } catch (SQLException e) {
      log.debug("could not notify channel {} of appends: {}", channel, e.toString());
    }
  }

  /** Stops the thread, after the notification it may be sending. */
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(thread);
    try {
      thread.join(JOIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
