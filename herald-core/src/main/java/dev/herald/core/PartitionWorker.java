package dev.herald.core;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Handles one partition's events in order on one virtual thread, for one {@link ConsumerLoop}.
 *
 * <p>Retries, breaker waits and dead letters happen inside the step ({@link DeliveryRunner}), on
 * this thread, so a waiting event holds back only its partition; {@link #awaitUnlessStopping} is
 * how the step waits, cut short when the partition is taken away.
 *
 * <p>When a step still fails (its dead letter could not be stored), the events queued behind it
 * must not run: the worker bumps its epoch (queued tasks of an older epoch are skipped) and leaves
 * a pending seek back to the failed offset, which the poll thread applies before it dispatches
 * anything more for this partition.
 */
final class PartitionWorker {
  /** Thrown by a step that gave up waiting because the worker is stopping; nothing is logged. */
  static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped() {
      super("the partition was taken away or the consumer stopped", null, false, false);
    }
  }

  /** What runs one delivery; throwing fails it. */
  interface Step {
    void run(Delivery delivery) throws Exception;
  }

  /** Told about a failure, on the worker thread. */
  interface FailureListener {
    void failed(Delivery delivery, Throwable error);
  }

  final int partition;
  private final ExecutorService executor;
  private final Step step;
  private final FailureListener failures;
  private final AtomicInteger queued = new AtomicInteger();
  private final ReentrantLock lock = new ReentrantLock();
  private volatile long epoch;
  private long pendingSeek = -1;
  private volatile boolean stopping;
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private volatile long handledUpTo = -1;
  private volatile long firstDispatched = -1;
  private volatile int wakeBelow = -1;
  private final Runnable drained;

  // Used by the poll thread only.
  long committed = -1;
  Instant resumeAt;
  boolean backpressured;
  boolean paused;

  PartitionWorker(
      String threadName, int partition, Step step, FailureListener failures, Runnable drained) {
    this.partition = partition;
    this.drained = drained;
    this.step = step;
    this.failures = failures;
    this.executor =
        Executors.newSingleThreadExecutor(Thread.ofVirtual().name(threadName).factory());
  }

  /**
   * Queues {@code deliveries} (of this partition, in offset order) to run as one task; returns
   * false, and queues nothing, while a failure waits for its seek, since they were fetched from
   * beyond the failed event.
   */
  boolean dispatch(List<Delivery> deliveries) {
    long taskEpoch;
    lock.lock();
    try {
      if (pendingSeek >= 0) {
        return false;
      }
      taskEpoch = epoch;
    } finally {
      lock.unlock();
    }
    if (firstDispatched < 0 && !deliveries.isEmpty()) {
      firstDispatched = deliveries.get(0).offset(); // only the poll thread writes it
    }
    queued.addAndGet(deliveries.size());
    executor.execute(() -> runAll(deliveries, taskEpoch));
    return true;
  }

  private void runAll(List<Delivery> deliveries, long taskEpoch) {
    int done = 0;
    try {
      for (Delivery delivery : deliveries) {
        if (stopping || taskEpoch != epoch) {
          return;
        }
        done++;
        int left = queued.decrementAndGet();
        if (left <= wakeBelow) {
          wakeBelow = -1;
          drained.run();
        }
        if (!run(delivery, taskEpoch)) {
          return;
        }
      }
    } finally {
      queued.addAndGet(done - deliveries.size());
    }
  }

  /** Runs one delivery; returns false if it failed. */
  private boolean run(Delivery delivery, long taskEpoch) {
    try {
      step.run(delivery);
      // Only this worker's thread writes it; never let a replayed offset move it back.
      handledUpTo = Math.max(handledUpTo, delivery.offset() + 1);
      return true;
    } catch (Throwable error) {
      lock.lock();
      try {
        if (taskEpoch == epoch) {
          epoch = taskEpoch + 1; // under the lock, so no other write races it
          pendingSeek = delivery.offset();
        }
      } finally {
        lock.unlock();
      }
      if (!stopping) {
        failures.failed(delivery, error);
      }
      return false;
    }
  }

  /** The offset to seek back to after a failure, or -1; clears it. Poll thread only. */
  long takePendingSeek() {
    lock.lock();
    try {
      long seek = pendingSeek;
      pendingSeek = -1;
      return seek;
    } finally {
      lock.unlock();
    }
  }

  /** The offset after the last event handled, or -1 if none was. */
  long handledUpTo() {
    return handledUpTo;
  }

  /**
   * The offset of the next event to settle: the one after the last settled, else the first one
   * dispatched; -1 if nothing was dispatched yet. Any thread.
   */
  long nextOffset() {
    long handled = handledUpTo;
    return handled >= 0 ? handled : firstDispatched;
  }

  int queued() {
    return queued.get();
  }

  /**
   * Runs the drained callback once, from the worker, when no more than {@code low} events are
   * queued: a poll thread that paused this partition for backpressure learns at once that it may
   * resume, instead of at its next poll timeout. Poll thread only.
   */
  void wakeWhenQueuedAtMost(int low) {
    wakeBelow = low;
    if (queued.get() <= low) {
      wakeBelow = -1;
      drained.run();
    }
  }

  /**
   * Waits {@code delay} on the worker thread; returns false at once, or as soon as it happens, when
   * the worker is stopping.
   */
  boolean awaitUnlessStopping(Duration delay) {
    try {
      return !stopSignal.await(delay.toNanos(), TimeUnit.NANOSECONDS) && !stopping;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Whether {@link #stop} was called. */
  boolean isStopping() {
    return stopping;
  }

  /**
   * Skips whatever is queued, ends waits for retries and breakers at once, waits up to {@code
   * timeout} for a handler in flight, then interrupts it. Returns whether it finished in time.
   */
  boolean stop(Duration timeout) {
    stopping = true;
    stopSignal.countDown();
    executor.shutdown();
    try {
      if (executor.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        return true;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
    return false;
  }
}
