package dev.herald.bench;

import dev.herald.core.HeraldException;
import dev.herald.core.Transports;
import dev.herald.kafka.KafkaSettings;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Herald on the embedded log transport ({@code log:DIR}) against plain kafka-clients on a Kafka
 * broker, end to end, in one run: the same keyed workload, a fresh topic per side, size and round
 * (and for the log sides a fresh directory and transport, deleted afterwards), and the order of the
 * sides rotating by one each round so that noise on the machine hits all alike.
 *
 * <p>The sides: {@code log-never} and {@code log-always} are Herald as a user runs it, one service
 * publishing through its {@code EventBus} to a handler in another service (its own bus and consumer
 * group) on {@code log:DIR?fsync=never} and {@code log:DIR?fsync=always}; {@code kafka} is a plain
 * {@code KafkaProducer} and {@code KafkaConsumer} with Herald's client settings (the Kafka bench's
 * raw side) on a broker started once per run.
 *
 * <p>{@code log-unreported} is {@code log-never} with both buses built with {@code
 * reportOutcomes(false)}: every bus reports its handlers' outcomes to {@code herald.outcomes} by
 * default, on the handling path, and this side measures what that costs. Run it with {@code
 * log-never} ({@code --sides log-never,log-unreported}) and the report shows, per size, log-never's
 * throughput over log-unreported's and the difference of their p99 latencies, both taken in the
 * same run under the same noise. It is not a default side.
 *
 * <p>Each measurement primes the consumer (one event per key), then runs a latency phase (a fixed
 * rate, latencies against the intended send times, so coordinated omission is corrected) and a
 * throughput phase: {@link LogBenchOptions#events()} events from one thread as fast as the side
 * takes them, at most {@link LogBenchOptions#maxInFlight()} unacknowledged ({@code publishAsync},
 * {@code KafkaProducer.send}), with the process CPU time they took. Every side gets exactly this;
 * the one-thread phase gives the log's group commit its concurrency through the events in flight.
 *
 * <p>The log sides then run a publishers phase, which is what "many concurrent publishers" means
 * for a user: the same number of events from {@link LogBenchOptions#publishers()} virtual threads,
 * each calling the blocking {@code EventBus.publish} and sending its next event once that returns.
 * The kafka side does not: a blocking send per thread waits out the producer's {@code linger.ms}
 * each time and so measures that setting, not Kafka, and no target compares it.
 */
public final class LogBench {
  private final LogBenchOptions options;
  private final BenchRun run;
  private final BenchLogs logs;
  private final Optional<BenchBroker> broker;

  private LogBench(
      LogBenchOptions options, BenchRun run, BenchLogs logs, Optional<BenchBroker> broker) {
    this.options = options;
    this.run = run;
    this.logs = logs;
    this.broker = broker;
  }

  /**
   * Runs the bench; blocks for its duration (minutes with the defaults) and reports progress to
   * {@code progress} about twice a second. Deletes every directory and topic it made.
   *
   * @throws HeraldException if a directory, the log transport or the broker cannot be used, or a
   *     side stops delivering
   * @throws InterruptedException if interrupted; transports, broker and clients are closed
   */
  public static LogBenchReport run(LogBenchOptions options, BenchProgress progress)
      throws InterruptedException {
    boolean kafka = options.sides().contains("kafka");
    String first =
        !kafka
            ? "starting"
            : options
                .bootstrap()
                .map(b -> "connecting to " + b)
                .orElse("starting the embedded broker");
    try (BenchRun run = new BenchRun(progress, options.rounds(), first);
        BenchLogs logs = BenchLogs.create(options.parentDirectory())) {
      if (!kafka) {
        return new LogBench(options, run, logs, Optional.empty()).run();
      }
      try (BenchBroker broker = BenchBroker.start(options.bootstrap())) {
        return new LogBench(options, run, logs, Optional.of(broker)).run();
      }
    }
  }

  private LogBenchReport run() throws InterruptedException {
    return new LogBenchReport(
        broker.map(BenchBroker::description),
        logs.description(),
        options,
        run.everyRound(options.sizes(), options.keys(), options.sides(), this::measure));
  }

  private LogBenchReport.Measurement measure(String side, int round, Payloads payloads)
      throws InterruptedException {
    String topic = run.topic(side, round, payloads.size());
    if (side.equals("kafka")) {
      BenchBroker kafka = broker.orElseThrow();
      KafkaSettings settings =
          KafkaSettings.of(kafka.bootstrap()).withPartitions(options.partitions());
      return kafka.withTopic(
          topic,
          options.partitions(),
          run,
          () ->
              run.measure(
                  new RawSide(side, settings),
                  topic,
                  round,
                  payloads,
                  options,
                  (phases, result, label) ->
                      LogBenchReport.Measurement.of(
                          round, payloads.size(), side, result, OptionalDouble.empty())));
    }
    Path directory = logs.directory(topic);
    String uri =
        "log:"
            + directory
            + "?partitions="
            + options.partitions()
            + "&fsync="
            + (side.equals("log-always") ? "always" : "never");
    boolean reportOutcomes = !side.equals("log-unreported");
    try {
      return run.measure(
          new HeraldSide(side, () -> Transports.open(uri), reportOutcomes),
          topic,
          round,
          payloads,
          options,
          (phases, result, label) -> {
            run.show(label + "  " + options.publishers() + " publishers", phases);
            Phases.Throughput publishers =
                phases.publishers(options.events(), options.publishers());
            return LogBenchReport.Measurement.of(
                round,
                payloads.size(),
                side,
                result,
                OptionalDouble.of(publishers.eventsPerSecond()));
          });
    } finally {
      run.status("cleaning up " + directory);
      logs.delete(directory);
    }
  }
}
