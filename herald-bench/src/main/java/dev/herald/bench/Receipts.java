package dev.herald.bench;

import dev.herald.core.HeraldException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What a consumer received in one phase: each sequence counted once, the publish-to-handler latency
 * of each against its send time, and when the last one arrived, in time and in process CPU time.
 * Thread-safe; consumers of several partitions record at once.
 */
final class Receipts {
  private final int expected;
  private final AtomicLongArray seen;
  private final AtomicLong count = new AtomicLong();
  private final Recorder latencies = new Recorder(3);
  private final CountDownLatch complete = new CountDownLatch(1);
  private final LongSupplier cpuClock;
  private volatile long completedAt;
  private volatile long completedCpuAt;

  /** Expects {@code expected} events; CPU time from {@link ProcessCpu#nanos()}. */
  Receipts(int expected) {
    this(expected, ProcessCpu::nanos);
  }

  /** Expects {@code expected} events; reads {@code cpuClock} when the last one arrives. */
  Receipts(int expected, LongSupplier cpuClock) {
    this.expected = expected;
    this.seen = new AtomicLongArray((expected + 63) / 64);
    this.cpuClock = cpuClock;
  }

  /** One event arrived; a sequence seen before (a redelivery) or out of range is not counted. */
  void received(long sequence, long sentNanos) {
    long now = System.nanoTime();
    if (sequence < 0 || sequence >= expected) {
      return;
    }
    int word = (int) (sequence >>> 6);
    long bit = 1L << (sequence & 63);
    long before;
    do {
      before = seen.get(word);
      if ((before & bit) != 0) {
        return;
      }
    } while (!seen.compareAndSet(word, before, before | bit));
    latencies.recordValue(Math.max(0, now - sentNanos));
    if (count.incrementAndGet() == expected) {
      completedAt = now;
      completedCpuAt = cpuClock.getAsLong();
      complete.countDown();
    }
  }

  /** Distinct events received so far. */
  long count() {
    return count.get();
  }

  int expected() {
    return expected;
  }

  /**
   * Waits until every event arrived and returns when the last did ({@link System#nanoTime()}).
   *
   * @throws HeraldException if nothing new arrives for {@code stall}, naming {@code what} waited
   */
  long awaitAll(Duration stall, String what) throws InterruptedException {
    long last = count();
    long lastProgress = System.nanoTime();
    while (!complete.await(100, TimeUnit.MILLISECONDS)) {
      long now = count();
      if (now != last) {
        last = now;
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > stall.toNanos()) {
        throw new HeraldException(
            what
                + " received "
                + now
                + " of "
                + expected
                + " events and nothing more for "
                + stall.toSeconds()
                + " s; is the broker overloaded or gone?");
      }
    }
    return completedAt;
  }

  /** The CPU clock's reading when the last event arrived; call after {@link #awaitAll}. */
  long cpuAtCompletion() {
    return completedCpuAt;
  }

  /** The latencies recorded so far, in nanoseconds; call once, after {@link #awaitAll}. */
  Histogram latencies() {
    return latencies.getIntervalHistogram();
  }
}
