package dev.herald.core;

import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes one topic for one bus: a poll thread fetches, routes each delivery to its partition's
 * {@link PartitionWorker}, and owns everything the transport's subscription needs (commit, seek,
 * pause). Events of one partition are handled in order; partitions run in parallel. The poll thread
 * never runs handlers and never waits for retries: those run on the partition's worker (see {@link
 * DeliveryRunner}), and a partition whose worker falls behind is paused, so the others keep flowing
 * and committing.
 *
 * <p>Offsets are committed only up to the last event settled (handled, skipped or dead-lettered),
 * at most every {@link #COMMIT_INTERVAL}, and always when partitions are revoked or the loop stops.
 * An event that could not be settled (its dead letter could not be stored) is fetched again after
 * the redelivery delay, and only its partition waits.
 */
final class ConsumerLoop implements RebalanceListener {
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);
  private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
  static final Duration COMMIT_INTERVAL = Duration.ofMillis(200);
  private static final Duration ERROR_BACKOFF = Duration.ofSeconds(1);

  /** The bus settings a loop needs. */
  record Settings(
      String service,
      String group,
      StartPosition start,
      Duration redeliveryDelay,
      Duration shutdownTimeout,
      int maxQueuedPerPartition,
      Clock clock,
      Attempts attempts,
      BusMetrics metrics,
      BusTracing tracing,
      OutcomeReporter outcomes,
      Optional<ProcessedEvents> processed) {}

  private final String topic;
  private final Map<String, Route> routes;
  private final Settings settings;
  private final Transport transport;
  private final Publisher publisher;
  private final Map<Integer, PartitionWorker> workers = new HashMap<>();
  private final ConsumerLag lag;
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private Subscription subscription;
  private Thread thread;
  private Instant lastCommit = Instant.MIN;

  ConsumerLoop(
      String topic,
      Map<String, Route> routes,
      Settings settings,
      Transport transport,
      Publisher publisher) {
    this.topic = topic;
    this.routes = routes;
    this.settings = settings;
    this.transport = transport;
    this.publisher = publisher;
    this.lag = settings.metrics().lag(transport, topic);
  }

  void start() {
    subscription = transport.subscribe(topic, settings.group(), settings.start(), this);
    thread =
        Thread.ofPlatform()
            .daemon()
            .name("herald-" + settings.service() + "-" + topic)
            .start(this::run);
  }

  void stop() {
    stopRequested.countDown();
    if (subscription != null) {
      subscription.wakeup();
    }
  }

  void awaitStopped() {
    try {
      long waitMillis = settings.shutdownTimeout().toMillis() + 5_000;
      if (thread != null && !stopped.await(waitMillis, TimeUnit.MILLISECONDS)) {
        LOG.warn("consumer of {} for {} did not stop in time", topic, settings.service());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() {
    try {
      while (stopRequested.getCount() > 0) {
        try {
          iterate();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        } catch (RuntimeException e) {
          LOG.error(
              "consuming {} for {} failed; trying again in {}",
              topic,
              settings.service(),
              ERROR_BACKOFF,
              e);
          if (stopRequested.await(ERROR_BACKOFF.toMillis(), TimeUnit.MILLISECONDS)) {
            break;
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        onRevoked(Set.copyOf(workers.keySet()));
      } catch (RuntimeException e) {
        LOG.error("committing {} for {} on shutdown failed", topic, settings.service(), e);
      }
      subscription.close();
      stopped.countDown();
    }
  }

  private void iterate() throws InterruptedException {
    Instant now = settings.clock().instant();
    applyFailures(now);
    applyFlowControl(now);
    commit(now, false);
    List<Delivery> batch = subscription.poll(pollTimeout(now));
    Map<Integer, List<Delivery>> byPartition = new LinkedHashMap<>();
    for (Delivery delivery : batch) {
      byPartition.computeIfAbsent(delivery.partition(), p -> new ArrayList<>()).add(delivery);
    }
    byPartition.forEach(
        (partition, deliveries) -> {
          PartitionWorker worker = workers.get(partition);
          if (worker != null) {
            worker.dispatch(deliveries);
          }
        });
  }

  /** Up to {@link #POLL_TIMEOUT}, less when a paused partition is due to resume sooner. */
  private Duration pollTimeout(Instant now) {
    Duration timeout = POLL_TIMEOUT;
    for (PartitionWorker worker : workers.values()) {
      if (worker.resumeAt != null) {
        Duration untilResume = Duration.between(now, worker.resumeAt);
        if (untilResume.compareTo(timeout) < 0) {
          timeout = untilResume.isNegative() ? Duration.ZERO : untilResume;
        }
      }
    }
    return timeout;
  }

  private void applyFailures(Instant now) {
    for (PartitionWorker worker : workers.values()) {
      long seek = worker.takePendingSeek();
      if (seek >= 0) {
        subscription.seek(worker.partition, seek);
        worker.resumeAt = now.plus(settings.redeliveryDelay());
      }
    }
  }

  private void applyFlowControl(Instant now) {
    List<Integer> pause = new ArrayList<>();
    List<Integer> resume = new ArrayList<>();
    int max = settings.maxQueuedPerPartition();
    for (PartitionWorker worker : workers.values()) {
      int queued = worker.queued();
      boolean wasBackpressured = worker.backpressured;
      worker.backpressured = wasBackpressured ? queued > max / 2 : queued >= max;
      if (worker.backpressured && !wasBackpressured) {
        worker.wakeWhenQueuedAtMost(max / 2);
      }
      if (worker.resumeAt != null && !now.isBefore(worker.resumeAt)) {
        worker.resumeAt = null;
      }
      boolean shouldPause = worker.backpressured || worker.resumeAt != null;
      if (shouldPause && !worker.paused) {
        pause.add(worker.partition);
      } else if (!shouldPause && worker.paused) {
        resume.add(worker.partition);
      }
      worker.paused = shouldPause;
    }
    if (!pause.isEmpty()) {
      subscription.pause(pause);
    }
    if (!resume.isEmpty()) {
      subscription.resume(resume);
    }
  }

  private void commit(Instant now, boolean force) {
    if (!force && Duration.between(lastCommit, now).compareTo(COMMIT_INTERVAL) < 0) {
      return;
    }
    commit(workers.values());
    lastCommit = now;
  }

  private void commit(Iterable<PartitionWorker> toCommit) {
    Map<Integer, Long> offsets = new HashMap<>();
    for (PartitionWorker worker : toCommit) {
      long handled = worker.handledUpTo();
      if (handled > worker.committed) {
        offsets.put(worker.partition, handled);
      }
    }
    if (!offsets.isEmpty()) {
      subscription.commit(offsets);
      for (PartitionWorker worker : toCommit) {
        worker.committed = Math.max(worker.committed, worker.handledUpTo());
      }
    }
  }

  @Override
  public void onAssigned(Set<Integer> partitions) {
    // One read of the dead letters serves every partition of this assignment, and only if a
    // worker needs it (ordered mode) once it starts.
    Supplier<DeadLetterLedger> ledger =
        once(() -> DeadLetterLedger.read(transport, settings.group(), settings.clock()));
    for (int partition : partitions) {
      String name = "herald-" + settings.service() + "-" + topic + "-" + partition;
      DeliveryRunner runner =
          new DeliveryRunner(
              new DeliveryRunner.Settings(
                  settings.service(),
                  settings.group(),
                  topic,
                  partition,
                  routes,
                  transport,
                  publisher,
                  settings.clock(),
                  settings.attempts(),
                  ledger,
                  settings.metrics(),
                  settings.tracing(),
                  settings.outcomes(),
                  settings.processed()));
      PartitionWorker worker =
          new PartitionWorker(name, partition, runner::run, this::failed, this::wakeUp);
      runner.attach(worker);
      workers.put(partition, worker);
      lag.track(worker);
    }
    LOG.debug("{} now consumes {} partitions {}", settings.service(), topic, partitions);
  }

  @Override
  public void onRevoked(Set<Integer> partitions) {
    List<PartitionWorker> leaving = new ArrayList<>();
    for (int partition : new TreeSet<>(partitions)) {
      PartitionWorker worker = workers.remove(partition);
      lag.untrack(partition);
      if (worker != null) {
        leaving.add(worker);
        if (!worker.stop(settings.shutdownTimeout())) {
          LOG.warn(
              "handler on {}/{} for {} did not finish within {}; it was interrupted and its event"
                  + " will be delivered again",
              topic,
              partition,
              settings.service(),
              settings.shutdownTimeout());
        }
      }
    }
    commit(leaving);
  }

  // A worker thread calls this; the subscription may have been assigned to after the worker was
  // made (memory assigns inside subscribe), so it is read at call time.
  private void wakeUp() {
    subscription.wakeup();
  }

  /** A supplier that computes once, on first use, and again after a failure. */
  private static <T> Supplier<T> once(Supplier<T> compute) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = compute.get();
        }
        return value;
      }
    };
  }

  private void failed(Delivery delivery, Throwable error) {
    LOG.warn(
        "{} could not settle {} event {} at {}; it will be delivered again in {}",
        settings.service(),
        delivery.envelope().type(),
        delivery.envelope().id(),
        delivery.position(),
        settings.redeliveryDelay(),
        error);
    subscription.wakeup();
  }
}
