package dev.herald.core;

import dev.herald.core.spi.Transport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects the outcomes of a bus's handlers and appends them to {@value OutcomeReport#TOPIC} as one
 * {@link OutcomeReport} every {@code every}, from a thread of its own, so a handler only adds to a
 * queue. Counts are complete; single outcomes are kept up to {@code budget} per report and the rest
 * only counted, which bounds what reporting costs a busy service. A report goes out at least every
 * {@link #HEARTBEAT} even when idle, so that the dashboard knows the service and what it handles.
 * Reporting is best effort: a report the transport does not take is logged and dropped, and never
 * holds back a handler. Thread-safe.
 */
final class OutcomeReporter implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutcomeReporter.class);
  static final Duration HEARTBEAT = Duration.ofSeconds(10);
  private static final Duration APPEND_TIMEOUT = Duration.ofSeconds(10);

  /** Reports nothing. */
  static final OutcomeReporter OFF = new OutcomeReporter();

  private final boolean on;
  private final String service;
  private final String group;
  private final Transport transport;
  private final Clock clock;
  private final Duration every;
  private final int budget;
  private final ConcurrentLinkedQueue<OutcomeReport.Outcome> outcomes =
      new ConcurrentLinkedQueue<>();
  private final AtomicInteger spent = new AtomicInteger();
  private final LongAdder omitted = new LongAdder();
  private final Map<TypeKey, Tally> tallies = new ConcurrentHashMap<>();
  private volatile List<OutcomeReport.Handles> handles = List.of();
  private ScheduledExecutorService flusher;
  private long lastReportNanos;
  private boolean failureLogged;

  private record TypeKey(String topic, String type) {}

  /** The counts of one event type since the last report. */
  private record Tally(LongAdder handled, LongAdder retried, LongAdder deadLettered) {
    Tally() {
      this(new LongAdder(), new LongAdder(), new LongAdder());
    }
  }

  private OutcomeReporter() {
    this.on = false;
    this.service = "";
    this.group = "";
    this.transport = null;
    this.clock = Clock.systemUTC();
    this.every = HEARTBEAT;
    this.budget = 0;
  }

  OutcomeReporter(
      String service, String group, Transport transport, Clock clock, Duration every, int budget) {
    this.on = true;
    this.service = service;
    this.group = group;
    this.transport = transport;
    this.clock = clock;
    this.every = every;
    this.budget = budget;
  }

  /** Starts reporting, telling that the bus handles {@code handled}. */
  synchronized void start(List<OutcomeReport.Handles> handled) {
    if (!on) {
      return;
    }
    this.handles = List.copyOf(handled);
    flusher =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("herald-outcomes-" + service).factory());
    lastReportNanos = System.nanoTime() - HEARTBEAT.toNanos();
    var unused =
        flusher.scheduleWithFixedDelay(
            () -> flush(false), 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A trail for one event in one handler, begun now. */
  OutcomeTrail trail(String handler, Delivery delivery) {
    return on ? new OutcomeTrail(this, handler, delivery, System.nanoTime()) : OutcomeTrail.OFF;
  }

  /**
   * Counts an outcome of an event of {@code type} read from {@code topic}, and answers whether it
   * may also be reported one by one (then {@link #add} it); beyond the budget it is only counted.
   */
  boolean count(String topic, String type, OutcomeReport.Kind kind) {
    Tally tally = tallies.computeIfAbsent(new TypeKey(topic, type), k -> new Tally());
    switch (kind) {
      case HANDLED -> tally.handled().increment();
      case RETRYING -> tally.retried().increment();
      case DEAD_LETTERED -> tally.deadLettered().increment();
    }
    // read first: once the budget is spent, handler threads stop writing the shared counter
    if (spent.get() < budget && spent.incrementAndGet() <= budget) {
      return true;
    }
    omitted.increment();
    return false;
  }

  /** Reports {@code outcome}, which {@link #count} allowed, one by one. */
  void add(OutcomeReport.Outcome outcome) {
    outcomes.add(outcome);
  }

  Instant now() {
    return clock.instant();
  }

  private synchronized void flush(boolean closing) {
    try {
      List<OutcomeReport.Outcome> taken = new ArrayList<>();
      for (OutcomeReport.Outcome o; (o = outcomes.poll()) != null; ) {
        taken.add(o);
      }
      spent.set(0);
      long left = omitted.sumThenReset();
      List<OutcomeReport.Count> counts = new ArrayList<>();
      tallies.forEach(
          (key, tally) -> {
            long handled = tally.handled().sumThenReset();
            long retried = tally.retried().sumThenReset();
            long dead = tally.deadLettered().sumThenReset();
            if (handled + retried + dead > 0) {
              counts.add(new OutcomeReport.Count(key.topic(), key.type(), handled, retried, dead));
            }
          });
      boolean heartbeatDue = System.nanoTime() - lastReportNanos >= HEARTBEAT.toNanos();
      if (taken.isEmpty() && counts.isEmpty() && !heartbeatDue && !closing) {
        return;
      }
      OutcomeReport report =
          new OutcomeReport(service, group, clock.instant(), handles, counts, taken, left);
      transport
          .append(OutcomeReport.TOPIC, List.of(report.toEnvelope(clock)))
          .get(APPEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      lastReportNanos = System.nanoTime();
      failureLogged = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // A task that throws is never run again: log, drop this report, and keep reporting.
      if (!failureLogged) {
        failureLogged = true;
        LOG.warn(
            "{}: could not report handler outcomes to {}; they are dropped until it works again",
            service,
            OutcomeReport.TOPIC,
            e);
      }
    }
  }

  /** Stops reporting after one last report of what is left. */
  @Override
  public void close() {
    ScheduledExecutorService running;
    synchronized (this) {
      running = flusher;
      flusher = null;
    }
    if (running == null) {
      return;
    }
    running.shutdownNow();
    try {
      if (!running.awaitTermination(APPEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("{}: the outcome reporter did not stop in {}", service, APPEND_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    flush(true);
  }
}
