package dev.herald.eventstore.spi;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Starts something again after a backoff that doubles with each failure in a row, up to a most, on
 * a daemon thread of its own: for followers of the store (projections, relays) that stopped on an
 * error and resume from their checkpoint.
 */
public final class Restarts implements AutoCloseable {
  private final ScheduledExecutorService executor;
  private final Duration first;
  private final Duration most;
  private Duration next;

  /** Restarts on a thread named {@code threadName}, waiting {@code first}, then twice as long… */
  public Restarts(String threadName, Duration first, Duration most) {
    this.first = first;
    this.most = most;
    this.next = first;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, threadName);
              t.setDaemon(true);
              return t;
            });
  }

  /** The wait the next {@link #later} will use. */
  public synchronized Duration nextWait() {
    return next;
  }

  /**
   * Runs {@code start} after the current wait, and doubles the wait; if {@code start} throws,
   * {@code failed} gets the exception (and usually calls this again).
   */
  public synchronized void later(Runnable start, Consumer<RuntimeException> failed) {
    var unused =
        executor.schedule(
            () -> {
              try {
                start.run();
              } catch (RuntimeException e) {
                failed.accept(e);
              }
            },
            next.toMillis(),
            TimeUnit.MILLISECONDS);
    Duration doubled = next.multipliedBy(2);
    next = doubled.compareTo(most) > 0 ? most : doubled;
  }

  /** Back to the first wait, after a run that went well. */
  public synchronized void reset() {
    next = first;
  }

  /** Cancels what is scheduled. */
  @Override
  public void close() {
    executor.shutdownNow();
  }
}
