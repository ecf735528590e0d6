package dev.herald.bench;

import dev.herald.core.HeraldException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The writer threads of one measured phase (appends or publishes) and the first failure among them:
 * waiting for the window's edges, joining the writers after it, and reporting a failure.
 *
 * @param what what the writers do, for messages: "publish" or "append"
 * @param side who writes, such as "gateway"
 * @param load the load's label
 * @param failure the first failure a writer had
 */
record Writers(String what, String side, String load, AtomicReference<Throwable> failure) {
  /** How long writers may take to return after the window ends. */
  static final Duration STALL = Duration.ofSeconds(60);

  /** Waits until {@code deadline} (a {@link System#nanoTime()}), or a writer failed. */
  void awaitUntil(long deadline) throws InterruptedException {
    for (long wait = deadline - System.nanoTime();
        wait > 0 && failure.get() == null;
        wait = deadline - System.nanoTime()) {
      LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(50)));
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while " + side + " wrote");
      }
    }
  }

  /**
   * Waits for every writer to return.
   *
   * @throws HeraldException if one has not returned {@link #STALL} after the window ended
   */
  void join(Thread[] threads) throws InterruptedException {
    long deadline = System.nanoTime() + STALL.toNanos();
    for (Thread t : threads) {
      long left = deadline - System.nanoTime();
      if (left <= 0 || !t.join(Duration.ofNanos(left))) {
        throw new HeraldException(
            side
                + ": a "
                + what
                + " of "
                + load
                + " has not returned "
                + STALL.toSeconds()
                + " s after the measurement ended");
      }
    }
  }

  /**
   * @throws HeraldException with the first writer's failure, if one failed
   */
  void checkFailure() {
    Throwable error = failure.get();
    if (error != null) {
      throw new HeraldException(
          side + " failed to " + what + " (" + load + "): " + error.getMessage(), error);
    }
  }
}
