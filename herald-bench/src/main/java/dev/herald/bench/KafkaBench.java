package dev.herald.bench;

import dev.herald.core.HeraldException;
import dev.herald.kafka.KafkaSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;

/**
 * Herald on Kafka against plain kafka-clients (and, for context, kafka-clients with the CloudEvents
 * SDK), end to end, in one run on one broker: the same keyed workload, the same client settings, a
 * fresh topic per side, size and round, and the order of the sides rotating by one each round (so
 * each goes first equally often) so that noise on the machine hits all alike.
 *
 * <p>Each measurement primes the consumer (one event per key), then runs a latency phase (a fixed
 * rate, latencies against the intended send times) and a throughput phase ({@link
 * KafkaBenchOptions#events()} events as fast as the side takes them, and the process CPU time they
 * took).
 */
public final class KafkaBench {
  private final KafkaBenchOptions options;
  private final BenchProgress progress;
  private final String runId = UUID.randomUUID().toString().substring(0, 8);
  private final AtomicReference<Supplier<String>> status;

  private KafkaBench(KafkaBenchOptions options, BenchProgress progress) {
    this.options = options;
    this.progress = progress;
    String first =
        options.bootstrap().map(b -> "connecting to " + b).orElse("starting the embedded broker");
    this.status = new AtomicReference<>(() -> first);
  }

  /**
   * Runs the bench; blocks for its duration (minutes with the defaults) and reports progress to
   * {@code progress} about twice a second.
   *
   * @throws HeraldException if the broker cannot be reached or a side stops delivering
   * @throws InterruptedException if interrupted; the broker and clients are closed
   */
  public static KafkaBenchReport run(KafkaBenchOptions options, BenchProgress progress)
      throws InterruptedException {
    return new KafkaBench(options, progress).run();
  }

  private KafkaBenchReport run() throws InterruptedException {
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> Thread.ofPlatform().daemon().name("bench-progress").unstarted(r));
    var unused =
        ticker.scheduleAtFixedRate(
            () -> progress.show(status.get().get()), 0, 500, TimeUnit.MILLISECONDS);
    try (BenchBroker broker = BenchBroker.start(options.bootstrap())) {
      KafkaSettings settings =
          KafkaSettings.of(broker.bootstrap()).withPartitions(options.partitions());
      List<Side> sides = options.sides().stream().map(name -> side(name, settings)).toList();
      List<KafkaBenchReport.Measurement> measurements = new ArrayList<>();
      for (int round = 0; round <= options.rounds(); round++) {
        List<Side> order = order(sides, round);
        for (int size : options.sizes()) {
          Payloads payloads = new Payloads(size, options.keys());
          for (Side side : order) {
            measurements.add(measure(broker, side, round, payloads));
          }
        }
      }
      return new KafkaBenchReport(broker.description(), options, measurements);
    } finally {
      ticker.shutdownNow();
      progress.done();
    }
  }

  /**
   * The sides in the order of round {@code round}: {@code sides} rotated left by the round, so that
   * over any {@code sides.size()} consecutive rounds each side goes first (and last) once.
   */
  static <T> List<T> order(List<T> sides, int round) {
    List<T> order = new ArrayList<>(sides);
    Collections.rotate(order, -(round % Math.max(1, sides.size())));
    return order;
  }

  private static Side side(String name, KafkaSettings settings) {
    return switch (name) {
      case "herald" -> new HeraldSide(settings);
      case "raw" -> new RawSide(settings);
      case "cloudevents" -> new CloudEventsSide(settings, Clock.systemUTC());
      default -> throw new IllegalArgumentException("no side named " + name);
    };
  }

  private KafkaBenchReport.Measurement measure(
      BenchBroker broker, Side side, int round, Payloads payloads) throws InterruptedException {
    String topic =
        String.format(
            Locale.ROOT, "bench.%s.%s.r%d.s%d", runId, side.name(), round, payloads.size());
    broker.createTopic(topic, options.partitions());
    try (Side.Session session = side.open(topic, topic + ".group", payloads)) {
      Phases phases = new Phases(side.name(), session, payloads, ProcessCpu::nanos);
      String label = label(side, round, payloads);
      show(label + "  joining", phases);
      phases.prime();
      // Latency first: right after priming the side is idle, not digesting a burst.
      show(label + "  latency at " + options.rate() + " ev/s", phases);
      Histogram latency =
          phases.latency(options.latencyEvents(), options.rate(), options.maxInFlight());
      show(label + "  throughput", phases);
      Phases.Throughput throughput = phases.throughput(options.events(), options.maxInFlight());
      return new KafkaBenchReport.Measurement(
          round,
          payloads.size(),
          side.name(),
          throughput.eventsPerSecond(),
          throughput.cpuMicrosPerEvent(),
          Stats.millis(latency.getValueAtPercentile(50)),
          Stats.millis(latency.getValueAtPercentile(99)),
          Stats.millis(latency.getMaxValue()));
    } finally {
      status.set(() -> "cleaning up " + topic);
      broker.deleteTopic(topic);
    }
  }

  private String label(Side side, int round, Payloads payloads) {
    String which = round == 0 ? "warm-up" : "round " + round + "/" + options.rounds();
    return String.format(
        Locale.ROOT, "%s  %-11s  %s", which, side.name(), ReportTable.size(payloads.size()));
  }

  private void show(String label, Phases phases) {
    status.set(
        () -> {
          Receipts receipts = phases.receipts();
          return String.format(
              Locale.ROOT,
              "%s  sent %,d/%,d  received %,d",
              label,
              phases.sent(),
              receipts.expected(),
              receipts.count());
        });
  }
}
