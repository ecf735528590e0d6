package dev.herald.core;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Bounds handler attempts in time: when an attempt's time is up, the thread running it is
 * interrupted, and the attempt fails with {@link HandlerTimeoutException} however it ends. One
 * timer thread per bus, started on first use. Thread-safe.
 */
final class Timeouts implements AutoCloseable {
  private final String service;
  private ScheduledExecutorService timer;
  private boolean closed;

  Timeouts(String service) {
    this.service = service;
  }

  /** Something that runs and may fail. */
  interface Attempt {
    void run() throws Exception;
  }

  /**
   * Runs {@code attempt} on this thread, interrupting it after {@code timeout}.
   *
   * @throws HandlerTimeoutException if the time ran out, with the attempt's own error as cause
   * @throws Exception whatever the attempt threw in time
   */
  void run(String handler, Duration timeout, Attempt attempt) throws Exception {
    Guard guard = new Guard(Thread.currentThread());
    ScheduledFuture<?> alarm =
        timer().schedule(guard::fire, timeout.toNanos(), TimeUnit.NANOSECONDS);
    Throwable failure = null;
    try {
      attempt.run();
    } catch (Exception | Error e) {
      failure = e;
    } finally {
      alarm.cancel(false);
    }
    if (guard.finish()) {
      // The interrupt was delivered inside fire(), before finish() could run: clear it here so
      // that it does not leak into the next attempt or the worker's own waits.
      Thread.interrupted();
      throw new HandlerTimeoutException(handler, timeout, failure);
    }
    if (failure instanceof Exception e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
  }

  private synchronized ScheduledExecutorService timer() {
    if (closed) {
      throw new HeraldException("service " + service + " is closed; its handlers no longer run");
    }
    if (timer == null) {
      timer =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().daemon().name("herald-" + service + "-timeouts").factory());
    }
    return timer;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (timer != null) {
      timer.shutdownNow();
    }
  }

  /** Decides, once, whether an attempt finished or timed out first. */
  private static final class Guard {
    private final Thread thread;
    private boolean finished;
    private boolean timedOut;

    Guard(Thread thread) {
      this.thread = thread;
    }

    synchronized void fire() {
      if (!finished) {
        timedOut = true;
        thread.interrupt();
      }
    }

    /** Marks the attempt finished; returns whether it had timed out first. */
    synchronized boolean finish() {
      finished = true;
      return timedOut;
    }
  }
}
