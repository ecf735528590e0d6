package dev.herald.bench;

import dev.herald.core.HeraldException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.HdrHistogram.Histogram;

/**
 * Drives one side's session through the phases of a measurement, with the same code for every side:
 * priming, fixed-rate latency, throughput from one thread, and throughput from many blocking
 * publishers. Called from one thread; {@link #sent()} and {@link #receipts()} may be read from
 * another for progress.
 */
final class Phases {
  /** How long a phase may go without a new receipt before the bench gives up. */
  static final Duration STALL = Duration.ofSeconds(60);

  private final String side;
  private final Side.Session session;
  private final Payloads payloads;
  private final LongSupplier cpuClock;
  private final AtomicLong sent = new AtomicLong();
  private volatile Receipts receipts = new Receipts(0);

  /** Drives {@code session}; {@code cpuClock} gives the process CPU time in nanoseconds. */
  Phases(String side, Side.Session session, Payloads payloads, LongSupplier cpuClock) {
    this.side = side;
    this.session = session;
    this.payloads = payloads;
    this.cpuClock = cpuClock;
  }

  /**
   * What a throughput phase measured.
   *
   * @param eventsPerSecond events per second from the first send to the last receipt
   * @param cpuMicrosPerEvent process CPU time over the same span, in microseconds per event; NaN if
   *     the CPU clock cannot tell
   */
  record Throughput(double eventsPerSecond, double cpuMicrosPerEvent) {}

  /**
   * What {@link #measure} measured.
   *
   * @param throughput the throughput phase
   * @param p50Millis median publish-to-handler latency at the fixed rate
   * @param p99Millis 99th percentile latency at the fixed rate
   * @param maxMillis largest latency at the fixed rate
   */
  record Result(Throughput throughput, double p50Millis, double p99Millis, double maxMillis) {}

  long sent() {
    return sent.get();
  }

  Receipts receipts() {
    return receipts;
  }

  /**
   * The measurement both benches take: {@link #prime}, then {@link #latency} (right after priming
   * the side is idle, not digesting a burst), then {@link #throughput}. Tells {@code step} what it
   * starts, for progress.
   */
  Result measure(int latencyEvents, int rate, int events, int maxInFlight, Consumer<String> step)
      throws InterruptedException {
    step.accept("joining");
    prime();
    step.accept("latency at " + rate + " ev/s");
    Histogram latency = latency(latencyEvents, rate, maxInFlight);
    step.accept("throughput");
    Throughput throughput = throughput(events, maxInFlight);
    return new Result(
        throughput,
        Stats.millis(latency.getValueAtPercentile(50)),
        Stats.millis(latency.getValueAtPercentile(99)),
        Stats.millis(latency.getMaxValue()));
  }

  /**
   * Sends one event per key and waits for all of them: then the consumer has joined its group, owns
   * every partition and the producer knows the topic, so that no phase measures startup.
   */
  void prime() throws InterruptedException {
    Receipts primed = begin(payloads.keyCount());
    InFlight flow = new InFlight(payloads.keyCount());
    for (int key = 0; key < payloads.keyCount(); key++) {
      flow.acquire();
      session.send(key, key, System.nanoTime(), flow);
      sent.incrementAndGet();
    }
    primed.awaitAll(STALL, side + " while priming");
    flow.awaitAll();
  }

  /**
   * Sends {@code events} as fast as the side takes them, at most {@code maxInFlight}
   * unacknowledged, and returns events per second and CPU time per event, both from the first send
   * to the last receipt.
   */
  Throughput throughput(int events, int maxInFlight) throws InterruptedException {
    Receipts all = begin(events);
    InFlight flow = new InFlight(maxInFlight);
    int keys = payloads.keyCount();
    long cpuStart = cpuClock.getAsLong();
    long start = System.nanoTime();
    for (int i = 0; i < events; i++) {
      flow.acquire();
      session.send(i % keys, i, System.nanoTime(), flow);
      sent.incrementAndGet();
    }
    long end = all.awaitAll(STALL, side + " in the throughput phase");
    flow.awaitAll();
    return throughputOf(all, events, start, end, cpuStart);
  }

  /**
   * Sends {@code events} from {@code publishers} virtual threads at once, each waiting for every
   * event it sends to be stored before it sends the next ({@link Side.Session#sendAndWait}), and
   * returns events per second and CPU time per event, both from the first send to the last receipt.
   *
   * @throws HeraldException if a send fails, or nothing is sent or received for {@link #STALL}
   */
  Throughput publishers(int events, int publishers) throws InterruptedException {
    Receipts all = begin(events);
    int keys = payloads.keyCount();
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    long cpuStart = cpuClock.getAsLong();
    long start = System.nanoTime();
    try {
      for (int p = 0; p < publishers; p++) {
        var unused =
            threads.submit(
                () -> {
                  try {
                    for (int i = next.getAndIncrement(); i < events; i = next.getAndIncrement()) {
                      session.sendAndWait(i % keys, i, System.nanoTime());
                      sent.incrementAndGet();
                    }
                  } catch (InterruptedException | RuntimeException e) {
                    failure.compareAndSet(null, e);
                  }
                });
      }
      threads.shutdown();
      awaitPublishers(threads, failure);
      long end = all.awaitAll(STALL, side + " with " + publishers + " publishers");
      return throughputOf(all, events, start, end, cpuStart);
    } finally {
      threads.shutdownNow();
    }
  }

  /** Waits until every publisher is done; gives up on a failed send or a stall. */
  private void awaitPublishers(ExecutorService threads, AtomicReference<Throwable> failure)
      throws InterruptedException {
    long last = sent.get();
    long lastProgress = System.nanoTime();
    while (!threads.awaitTermination(100, TimeUnit.MILLISECONDS) && failure.get() == null) {
      long now = sent.get();
      if (now != last) {
        last = now;
        lastProgress = System.nanoTime();
      } else if (System.nanoTime() - lastProgress > STALL.toNanos()) {
        throw new HeraldException(
            side + " stored no event for " + STALL.toSeconds() + " s after " + now + " sends");
      }
    }
    Throwable error = failure.get();
    if (error != null) {
      throw new HeraldException(side + " failed to send an event: " + error.getMessage(), error);
    }
  }

  private Throughput throughputOf(Receipts all, int events, long start, long end, long cpuStart) {
    return new Throughput(
        events * 1e9 / Math.max(1, end - start),
        Stats.microsPerEvent(cpuStart, all.cpuAtCompletion(), events));
  }

  /**
   * Sends {@code events} at {@code rate} per second on a fixed schedule and returns the
   * publish-to-handler latencies in nanoseconds. Each event carries the time the schedule meant to
   * send it, not when it went out, so a sender held up by the side is counted against the side
   * (coordinated omission corrected).
   */
  Histogram latency(int events, int rate, int maxInFlight) throws InterruptedException {
    Receipts all = begin(events);
    InFlight flow = new InFlight(maxInFlight);
    int keys = payloads.keyCount();
    double interval = 1e9 / rate;
    long start = System.nanoTime();
    for (int i = 0; i < events; i++) {
      long intended = start + Math.round(i * interval);
      for (long wait = intended - System.nanoTime();
          wait > 0;
          wait = intended - System.nanoTime()) {
        LockSupport.parkNanos(wait);
      }
      flow.acquire();
      session.send(i % keys, i, intended, flow);
      sent.incrementAndGet();
    }
    all.awaitAll(STALL, side + " in the latency phase");
    flow.awaitAll();
    return all.latencies();
  }

  private Receipts begin(int expected) {
    Receipts fresh = new Receipts(expected, cpuClock);
    sent.set(0);
    session.deliverTo(fresh);
    receipts = fresh;
    return fresh;
  }

  /** Bounds unacknowledged sends; the first failure ends the phase. */
  private final class InFlight implements Side.Acks {
    private final int max;
    private final Semaphore permits;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    InFlight(int max) {
      this.max = max;
      this.permits = new Semaphore(max);
    }

    void acquire() throws InterruptedException {
      permits.acquire();
      check();
    }

    void awaitAll() throws InterruptedException {
      permits.acquire(max);
      permits.release(max);
      check();
    }

    private void check() {
      Throwable error = failure.get();
      if (error != null) {
        throw new HeraldException(side + " failed to send an event: " + error.getMessage(), error);
      }
    }

    @Override
    public void stored() {
      permits.release();
    }

    @Override
    public void failed(Throwable error) {
      failure.compareAndSet(null, error);
      permits.release();
    }
  }
}
