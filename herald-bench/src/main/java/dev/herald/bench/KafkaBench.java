package dev.herald.bench;

import dev.herald.core.HeraldException;
import dev.herald.kafka.KafkaSettings;
import java.time.Clock;
import java.util.List;

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
  private final BenchRun run;

  private KafkaBench(KafkaBenchOptions options, BenchRun run) {
    this.options = options;
    this.run = run;
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
    String first =
        options.bootstrap().map(b -> "connecting to " + b).orElse("starting the embedded broker");
    try (BenchRun run = new BenchRun(progress, options.rounds(), first);
        BenchBroker broker = BenchBroker.start(options.bootstrap())) {
      return new KafkaBench(options, run).run(broker);
    }
  }

  private KafkaBenchReport run(BenchBroker broker) throws InterruptedException {
    KafkaSettings settings =
        KafkaSettings.of(broker.bootstrap()).withPartitions(options.partitions());
    List<Side> sides = options.sides().stream().map(name -> side(name, settings)).toList();
    List<KafkaBenchReport.Measurement> measurements =
        run.everyRound(
            options.sizes(),
            options.keys(),
            sides,
            (side, round, payloads) -> measure(broker, side, round, payloads));
    return new KafkaBenchReport(broker.description(), options, measurements);
  }

  private static Side side(String name, KafkaSettings settings) {
    return switch (name) {
      case "herald" -> HeraldSide.onKafka(settings);
      case "raw" -> new RawSide("raw", settings);
      case "cloudevents" -> new CloudEventsSide(settings, Clock.systemUTC());
      default -> throw new IllegalArgumentException("no side named " + name);
    };
  }

  private KafkaBenchReport.Measurement measure(
      BenchBroker broker, Side side, int round, Payloads payloads) throws InterruptedException {
    String topic = run.topic(side.name(), round, payloads.size());
    return broker.withTopic(
        topic,
        options.partitions(),
        run,
        () ->
            run.measure(
                side,
                topic,
                round,
                payloads,
                options,
                (phases, result, label) ->
                    KafkaBenchReport.Measurement.of(round, payloads.size(), side.name(), result)));
  }
}
