package dev.herald.eventstore.spi;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes waiting subscriptions when new events may be readable: a backend calls {@link #signal}
 * after an append becomes visible (or a notification says one did elsewhere).
 */
public final class AppendSignal {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long generation;

  /** Tells every waiter that something may have changed. */
  public void signal() {
    lock.lock();
    try {
      generation++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The current generation, to pass to {@link #await} after reading. */
  public long generation() {
    lock.lock();
    try {
      return generation;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until a signal after {@code seen} or {@code maxMillis} pass.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  public void await(long seen, long maxMillis) throws InterruptedException {
    long left = TimeUnit.MILLISECONDS.toNanos(maxMillis);
    lock.lock();
    try {
      while (generation == seen && left > 0) {
        left = changed.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }
}
