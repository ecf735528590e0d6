package dev.herald.saga;

import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.EventSubscription;
import dev.herald.eventstore.RecordedEvent;
import dev.herald.eventstore.StreamFilter;
import dev.herald.eventstore.SubscriptionListener;
import dev.herald.eventstore.spi.Restarts;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires a saga's deadlines when the clock passes them, and sends outboxes a crash left unsent. It
 * follows the saga's streams (category {@code saga.<name>}) from the start of the store into a
 * {@link SagaIndex}, so a restarted runner knows every pending deadline again, and checks the index
 * every poll interval against the injected clock. Each firing goes through {@link SagaEngine#fire},
 * which loads the instance and fires only a deadline still pending: a deadline fires once even when
 * several runners see it, and a cancelled one never does.
 *
 * <p>A firing or a send that fails is logged and tried again after a backoff that doubles up to a
 * minute.
 */
final class DeadlineScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeadlineScheduler.class);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  private record Backoff(int failures, long notBeforeNanos) {}

  private final SagaEngine<?> engine;
  private final EventStore store;
  private final Clock clock;
  private final Duration poll;
  private final String category;
  private final SagaIndex index = new SagaIndex();
  private final ScheduledExecutorService ticker;
  private final Restarts restarts;
  private final Map<String, Backoff> backoffs = new HashMap<>(); // ticker thread only
  private final AtomicLong ticks = new AtomicLong();
  private long nextPosition; // guarded by this
  private EventSubscription subscription; // guarded by this
  private boolean closed; // guarded by this
  private volatile boolean live;

  DeadlineScheduler(SagaEngine<?> engine, EventStore store, Clock clock, Duration poll) {
    this.engine = engine;
    this.store = store;
    this.clock = clock;
    this.poll = poll;
    this.category = engine.saga().category();
    String name = "herald-saga-" + engine.saga().name();
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name);
              t.setDaemon(true);
              return t;
            });
    this.restarts = new Restarts(name + "-restarts", Duration.ofSeconds(1), Duration.ofSeconds(30));
  }

  void start() {
    follow();
    var unused = ticker.scheduleWithFixedDelay(this::tick, 0, poll.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Whether it has read every saga record stored when it started, and now follows live. */
  boolean isLive() {
    return live;
  }

  /** How many times it has checked the clock; a test waits for one more to know it looked. */
  long ticks() {
    return ticks.get();
  }

  /** How many deadlines it knows to be pending. */
  int pendingDeadlines() {
    return index.pendingDeadlines();
  }

  private synchronized void follow() {
    if (!closed) {
      subscription = store.subscribe(StreamFilter.category(category), nextPosition, new Follower());
    }
  }

  private synchronized void restartLater(Throwable error) {
    live = false;
    if (closed) {
      return;
    }
    log.warn(
        "saga {} stopped following its streams ({}); following again in {} ms",
        category,
        error.toString(),
        restarts.nextWait().toMillis());
    restarts.later(this::follow, this::restartLater);
  }

  private void tick() {
    try {
      for (SagaIndex.Due due : index.due(clock.instant())) {
        String id = due.deadline().id();
        attempt(id, () -> engine.fire(due.key(), id), "deadline " + due.deadline().name(), due);
      }
      long grace = poll.multipliedBy(10).toNanos();
      for (String key : index.unsent(grace)) {
        attempt("flush:" + key, () -> engine.flush(key), "the unsent events of", key);
      }
    } catch (RuntimeException e) {
      // The executor would stop scheduling the tick if it threw.
      log.error("saga {} deadline check failed; checking again next time", category, e);
    } finally {
      ticks.incrementAndGet();
    }
  }

  @FunctionalInterface
  private interface Work {
    void run() throws Exception;
  }

  private void attempt(String id, Work work, String what, Object of) {
    Backoff backoff = backoffs.get(id);
    if (backoff != null && System.nanoTime() - backoff.notBeforeNanos() < 0) {
      return;
    }
    try {
      work.run();
      backoffs.remove(id);
    } catch (Exception e) {
      int failures = backoff == null ? 1 : backoff.failures() + 1;
      Duration wait = poll.multipliedBy(1L << Math.min(failures, 20));
      wait = wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
      backoffs.put(id, new Backoff(failures, System.nanoTime() + wait.toNanos()));
      log.warn(
          "saga {}: {} {} failed ({} in a row); trying again in {} ms",
          category,
          what,
          of,
          failures,
          wait.toMillis(),
          e);
    }
  }

  /** Stops following and firing; waits for a firing under way to finish. */
  @Override
  public void close() {
    EventSubscription running;
    synchronized (this) {
      closed = true;
      running = subscription;
    }
    if (running != null) {
      running.close();
    }
    restarts.close();
    ticker.shutdown();
    try {
      if (!ticker.awaitTermination(30, TimeUnit.SECONDS)) {
        log.warn("saga {}: a deadline step still runs after 30 s; leaving it", category);
        ticker.shutdownNow();
      }
    } catch (InterruptedException e) {
      ticker.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Folds the saga's records into the index, in store order. */
  private final class Follower implements SubscriptionListener {
    @Override
    public void event(RecordedEvent event) {
      synchronized (DeadlineScheduler.this) {
        nextPosition = event.position() + 1;
      }
      String key = event.stream().substring(category.length() + 1);
      StepRecords.Entry record;
      try {
        record = StepRecords.decode(event);
      } catch (RuntimeException e) {
        // One unreadable record must not stop every other instance's deadlines.
        log.error("saga {}: skipping a record its deadlines cannot use", category, e);
        return;
      }
      index.apply(key, event.version(), record);
    }

    @Override
    public void caughtUp() {
      live = true;
    }

    @Override
    public void fellBehind() {
      live = false;
    }

    @Override
    public void stopped(Throwable error) {
      if (error != null) {
        restartLater(error);
      }
    }
  }
}
