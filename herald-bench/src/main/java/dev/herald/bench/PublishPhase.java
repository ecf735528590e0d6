package dev.herald.bench;

import dev.herald.core.HeraldException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * One publish measurement of {@link GatewayBench}: {@link PublishLoad#publishers()} platform
 * threads, each publishing {@link PublishLoad#events()} events at a time through a publisher of its
 * own and again as soon as the last publish returned (a closed loop), for the warm-up and then the
 * counted duration. Counts the publishes that return within the counted duration and how long each
 * took. Called from one thread; {@link #status()} may be called from another.
 */
final class PublishPhase {
  private final String side;

  private final PublishLoad load;
  private final LongAdder published = new LongAdder();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean stop;
  private volatile long from;
  private volatile long end;

  /**
   * What the measurement counted.
   *
   * @param events events of the publishes counted
   * @param requests publishes (requests, appends) that returned within the counted duration
   * @param seconds the counted duration
   * @param cpuMicrosPerEvent this process's CPU time over the counted duration per event, the
   *     clients' included; NaN if the JVM cannot tell
   * @param latencies how long each counted publish took, in nanoseconds
   */
  record Result(
      long events, long requests, double seconds, double cpuMicrosPerEvent, Histogram latencies) {
    double eventsPerSecond() {
      return events / seconds;
    }

    double requestsPerSecond() {
      return requests / seconds;
    }
  }

  PublishPhase(String side, PublishLoad load) {
    this.side = side;
    this.load = load;
  }

  /**
   * Publishes through {@code target} to {@code topic} for {@code warmup}, then for {@code duration}
   * counting, and waits for the publishes still running to return.
   *
   * @throws HeraldException if a publish fails, none returns within {@code duration}, or one has
   *     not returned {@link Writers#STALL} after the end
   */
  Result run(PublishSide.Target target, String topic, Duration warmup, Duration duration)
      throws InterruptedException {
    List<PublishSide.Publisher> publishers = new ArrayList<>();
    try {
      for (int i = 0; i < load.publishers(); i++) {
        publishers.add(target.publisher(topic, topic, i));
      }
      return run(publishers, warmup, duration);
    } finally {
      publishers.forEach(PublishSide.Publisher::close);
    }
  }

  /** Such as {@code measuring 1.2 s of 3.0 s, 123,456 events published}. */
  String status() {
    long now = System.nanoTime();
    if (from == 0 || now < from) {
      return String.format(Locale.ROOT, "warming up, %,d events published", published.sum());
    }
    return String.format(
        Locale.ROOT,
        "measuring %.1f s of %.1f s, %,d events published",
        Math.min(now, end) / 1e9 - from / 1e9,
        (end - from) / 1e9,
        published.sum());
  }

  private Result run(List<PublishSide.Publisher> publishers, Duration warmup, Duration duration)
      throws InterruptedException {
    int n = publishers.size();
    Histogram[] latencies = new Histogram[n];
    long[] counted = new long[n];
    Thread[] threads = new Thread[n];
    long start = System.nanoTime();
    from = start + warmup.toNanos();
    end = from + duration.toNanos();
    try {
      for (int i = 0; i < n; i++) {
        int index = i;
        latencies[i] = new Histogram(3);
        threads[i] =
            Thread.ofPlatform()
                .name("bench-" + side + "-publisher-" + i)
                .start(() -> publish(publishers.get(index), latencies[index], counted, index));
      }
      writers().awaitUntil(from);
      long cpuFrom = ProcessCpu.nanos();
      writers().awaitUntil(end);
      long cpuEnd = ProcessCpu.nanos();
      writers().join(threads);
      writers().checkFailure();
      Histogram all = new Histogram(3);
      long events = 0;
      for (int i = 0; i < n; i++) {
        all.add(latencies[i]);
        events += counted[i];
      }
      if (all.getTotalCount() == 0) {
        throw new HeraldException(
            side
                + " completed no publish of "
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
      for (Thread t : threads) {
        if (t != null && t.isAlive()) {
          var unused = t.join(Duration.ofSeconds(5));
          t.interrupt();
        }
      }
    }
  }

  /** One publisher's loop until the end; counts what returns within the counted duration. */
  private void publish(
      PublishSide.Publisher publisher, Histogram latencies, long[] counted, int index) {
    long next = 0;
    try {
      while (!stop && System.nanoTime() < end) {
        long started = System.nanoTime();
        publisher.publish(next, load.events());
        long done = System.nanoTime();
        next += load.events();
        published.add(load.events());
        if (started >= from && done < end) {
          latencies.recordValue(done - started);
          counted[index] += load.events();
        }
      }
    } catch (Exception e) {
      failure.compareAndSet(null, e);
      stop = true;
    }
  }

  private Writers writers() {
    return new Writers("publish", side, load.label(), failure);
  }
}
