package dev.herald.bench;

import dev.herald.core.HeraldException;
import dev.herald.eventstore.NewEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * One measurement of {@link EventStoreBench}: {@link AppendLoad#writers()} platform threads, each
 * appending {@link AppendLoad#events()} events at a time to streams of its own ({@value
 * #STREAM_EVENTS} events each, exact expected versions) and appending again as soon as the previous
 * append returns (a closed loop), for the warm-up and then the counted duration. Counts the appends
 * that return within the counted duration, and their latencies (the time the append call took).
 * Called from one thread; {@link #status()} may be called from another.
 */
final class AppendPhase {
  /** Events per stream: a writer starts a new stream once its stream holds this many. */
  static final int STREAM_EVENTS = 1_000;

  /** How long writers get to finish their appends once the measurement stops early. */
  static final Duration SETTLE = Duration.ofSeconds(5);

  private final String side;
  private final AppendLoad load;
  private final String streams;
  private final LongAdder appended = new LongAdder();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean stop;
  private volatile long from;
  private volatile long end;

  /**
   * What the measurement counted.
   *
   * @param events events appended by the appends counted
   * @param appends appends that returned within the counted duration
   * @param seconds the counted duration
   * @param cpuMicrosPerEvent this process's CPU time over the counted duration per event; NaN if
   *     the JVM cannot tell
   * @param latencies how long each counted append took, in nanoseconds
   */
  record Result(
      long events, long appends, double seconds, double cpuMicrosPerEvent, Histogram latencies) {
    double eventsPerSecond() {
      return events / seconds;
    }

    double appendsPerSecond() {
      return appends / seconds;
    }
  }

  /** A measurement of {@code side} under {@code load}, on streams named from {@code streams}. */
  AppendPhase(String side, AppendLoad load, String streams) {
    this.side = side;
    this.load = load;
    this.streams = streams;
  }

  /**
   * Appends through {@code target} for {@code warmup}, then for {@code duration} counting, and
   * waits for the appends still running to return.
   *
   * @throws HeraldException if an append fails, none returns within {@code duration}, or one has
   *     not returned {@link Writers#STALL} after the end
   */
  Result run(AppendSide.Target target, Duration warmup, Duration duration)
      throws InterruptedException {
    List<AppendSide.Writer> writers = new ArrayList<>();
    try {
      for (int i = 0; i < load.writers(); i++) {
        writers.add(target.writer());
      }
      return run(writers, warmup, duration);
    } finally {
      writers.forEach(AppendSide.Writer::close);
    }
  }

  /** Such as {@code measuring 1.2 s of 3 s, 123,456 events appended}, for the progress line. */
  String status() {
    long now = System.nanoTime();
    if (from == 0 || now < from) {
      return String.format(Locale.ROOT, "warming up, %,d events appended", appended.sum());
    }
    return String.format(
        Locale.ROOT,
        "measuring %.1f s of %.1f s, %,d events appended",
        Math.min(now, end) / 1e9 - from / 1e9,
        (end - from) / 1e9,
        appended.sum());
  }

  private Result run(List<AppendSide.Writer> writers, Duration warmup, Duration duration)
      throws InterruptedException {
    int n = writers.size();
    Histogram[] latencies = new Histogram[n];
    long[] counted = new long[n];
    Thread[] threads = new Thread[n];
    long start = System.nanoTime();
    end = start + warmup.toNanos() + duration.toNanos();
    from = start + warmup.toNanos();
    try {
      for (int i = 0; i < n; i++) {
        int index = i;
        latencies[i] = new Histogram(3);
        threads[i] =
            Thread.ofPlatform()
                .name("bench-" + side + "-writer-" + i)
                .start(() -> write(index, writers.get(index), latencies[index], counted));
      }
      writers().awaitUntil(from);
      long cpuFrom = ProcessCpu.nanos();
      writers().awaitUntil(end);
      long cpuEnd = ProcessCpu.nanos();
      writers().join(threads);
      writers().checkFailure();
      Histogram all = new Histogram(3);
      for (Histogram h : latencies) {
        all.add(h);
      }
      long events = 0;
      for (long c : counted) {
        events += c;
      }
      if (all.getTotalCount() == 0) {
        throw new HeraldException(
            side
                + " completed no append of "
                + load.label()
                + " within "
                + Lines.seconds(duration.toMillis())
                + "; give a longer duration");
      }
      return new Result(
          events,
          all.getTotalCount(),
          duration.toNanos() / 1e9,
          Stats.microsPerEvent(cpuFrom, cpuEnd, events),
          all);
    } finally {
      stop = true;
      settle(threads);
    }
  }

  /**
   * Gives appends still running (after a failure or an interrupt) {@link #SETTLE} to return, so
   * that the store is not closed under them, then interrupts the writers still running.
   */
  private static void settle(Thread[] threads) {
    long deadline = System.nanoTime() + SETTLE.toNanos();
    try {
      for (Thread t : threads) {
        long left = deadline - System.nanoTime();
        if (t != null && left > 0) {
          var unused = t.join(Duration.ofNanos(left));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Thread t : threads) {
      if (t != null && t.isAlive()) {
        t.interrupt();
      }
    }
  }

  /**
   * One writer's loop until the end; records the latency of each append that returns in the counted
   * duration and adds its events to {@code counted[index]}.
   */
  private void write(int index, AppendSide.Writer writer, Histogram latencies, long[] counted) {
    EventRows rows = new EventRows(index);
    int stream = 0;
    long version = -1;
    try {
      while (!stop && System.nanoTime() < end) {
        List<NewEvent> events = rows.next(load.events());
        String name = streams + "-w" + index + "-" + stream;
        long started = System.nanoTime();
        writer.append(name, version, events);
        long done = System.nanoTime();
        appended.add(events.size());
        version += events.size();
        if (version + 1 >= STREAM_EVENTS) {
          stream++;
          version = -1;
        }
        if (done >= from && done < end) {
          latencies.recordValue(done - started);
          counted[index] += events.size();
        }
      }
    } catch (Exception e) {
      failure.compareAndSet(null, e);
      stop = true;
    }
  }

  private Writers writers() {
    return new Writers("append", side, load.label(), failure);
  }
}
