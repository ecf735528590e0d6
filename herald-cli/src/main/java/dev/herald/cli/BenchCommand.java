package dev.herald.cli;

import dev.herald.bench.BenchProgress;
import dev.herald.bench.KafkaBench;
import dev.herald.bench.KafkaBenchOptions;
import dev.herald.bench.LogBench;
import dev.herald.bench.LogBenchOptions;
import dev.herald.core.HeraldException;
import dev.herald.kafka.KafkaSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code herald bench kafka|log}: Herald against a baseline, end to end, interleaved; prints the
 * figures of every side and how Herald compares with the issue's targets.
 */
@Command(
    name = "bench",
    description = "Measure Herald against a baseline and print the figures.",
    footer = {
      "%nTargets:",
      "  kafka  Herald (EventBus.publishAsync to a handler in another service)",
      "         against raw kafka-clients (KafkaProducer.send to a KafkaConsumer",
      "         poll loop), the same keyed workload and Herald's client settings",
      "         on every side; and, for context, kafka-clients with the",
      "         CloudEvents SDK's Kafka serializers in binary mode (side",
      "         cloudevents). Targets: throughput >= 0.9x raw, added p99 <= 1 ms.",
      "         Defaults: --events 300000 --rounds 5 --rate 2000",
      "         --latency-duration 5s --sides herald,raw,cloudevents; about",
      "         6 minutes.",
      "  log    Herald on the embedded log (log:DIR?fsync=never and",
      "         ?fsync=always) against raw kafka-clients on a broker started in",
      "         the bench, with the same keyed workload. Targets: fsync=never",
      "         >= 1,000,000 ev/s and >= 3x Kafka at 100 B; fsync=always",
      "         >= 200,000 ev/s with --publishers blocking publishers; p99 < 1 ms",
      "         at 10,000 ev/s. Defaults: --events 500000 --rounds 3 --rate 10000",
      "         --latency-duration 3s --publishers 256 --sides",
      "         log-never,log-always,kafka; about 4 minutes. Put --directory on",
      "         the disk you care about: fsync costs nothing on tmpfs.",
      "%nFor each round, size and side: a latency phase (--rate events/s for",
      "--latency-duration, latency counted from the intended send time) and a",
      "throughput phase (--events as fast as the side takes them, with process",
      "CPU time per event); for the log sides also a phase of --publishers",
      "virtual threads each calling the blocking EventBus.publish. One warm-up",
      "round is not counted and the order of the sides rotates each round; the",
      "table shows the medians, the ratios and the verdict against the targets.",
      "Progress goes to stderr, the table to stdout; the exit code is 0 whenever",
      "the bench ran, whatever the verdict says.",
      "%nExamples:",
      "  herald bench kafka",
      "  herald bench kafka --events 20000 --rounds 1 --sizes 100",
      "  herald bench kafka --bootstrap localhost:9092",
      "  herald bench log --sides log-never,log-always --directory /var/tmp"
    })
final class BenchCommand implements Callable<Integer> {
  static final List<String> TARGETS = List.of("kafka", "log");

  @Mixin HelpOption help;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TARGET", description = "What to measure: kafka or log.")
  String target;

  @Option(
      names = "--events",
      paramLabel = "N",
      description = "Events per throughput phase (default: per target, see below).")
  Optional<Integer> events;

  @Option(
      names = "--rounds",
      paramLabel = "R",
      description = "Counted rounds per side and size, after a warm-up (default: per target).")
  Optional<Integer> rounds;

  @Option(
      names = "--rate",
      paramLabel = "EV_PER_S",
      description = "Events per second in the latency phase (default: per target).")
  Optional<Integer> rate;

  @Option(
      names = "--latency-duration",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "How long each latency phase sends, such as 5s (default: per target).")
  Optional<Duration> latencyDuration;

  @Option(
      names = "--sizes",
      paramLabel = "BYTES",
      split = ",",
      defaultValue = "100,1024",
      description = "Event data sizes in bytes, comma-separated (default: ${DEFAULT-VALUE}).")
  List<Integer> sizes;

  @Option(
      names = "--sides",
      paramLabel = "SIDE",
      split = ",",
      description = "Sides to run, comma-separated (default: every side of the target).")
  List<String> sides; // null when not given

  @Option(
      names = "--publishers",
      paramLabel = "N",
      description =
          "log only: blocking publishers of the publishers phase (default: "
              + LogBenchOptions.DEFAULT_PUBLISHERS
              + ").")
  Optional<Integer> publishers;

  @Option(
      names = "--directory",
      paramLabel = "DIR",
      description = "log only: where the log directories go (default: the temporary directory).")
  Optional<Path> directory;

  @Option(
      names = "--bootstrap",
      paramLabel = "HOST:PORT",
      description = "Use this Kafka broker instead of starting one inside the bench.")
  Optional<String> bootstrap;

  @Override
  public Integer call() throws InterruptedException {
    Inputs.require(
        TARGETS.contains(target),
        "TARGET",
        "'" + target + "' is not a bench target; the targets are " + String.join(", ", TARGETS));
    boolean log = target.equals("log");
    checkCommonOptions();
    Inputs.require(log || publishers.isEmpty(), "--publishers", "is for the log target only");
    Inputs.require(log || directory.isEmpty(), "--directory", "is for the log target only");
    publishers.ifPresent(
        n ->
            Inputs.require(
                n >= 1 && n <= LogBenchOptions.MAX_PUBLISHERS,
                "--publishers",
                "must be from 1 to " + LogBenchOptions.MAX_PUBLISHERS));
    bootstrap.ifPresent(b -> Inputs.check("--bootstrap", () -> KafkaSettings.of(b)));
    quietBrokerLogs();
    PrintWriter err = spec.commandLine().getErr();
    BenchProgress progress = BenchProgress.line(err, Terminal.attached());
    String table;
    Thread bench = Thread.currentThread();
    try (StopSignal signal = StopSignal.onShutdown(bench::interrupt)) {
      table =
          log
              ? LogBench.run(logOptions(), progress).table()
              : KafkaBench.run(kafkaOptions(), progress).table();
    } catch (InterruptedException e) {
      throw new HeraldException("the bench was interrupted; nothing to report");
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(table);
    out.flush();
    return 0;
  }

  private void checkCommonOptions() {
    events.ifPresent(
        n -> Inputs.require(n >= 1 && n <= 100_000_000, "--events", "must be from 1 to 100000000"));
    rounds.ifPresent(
        n -> Inputs.require(n >= 1 && n <= 1000, "--rounds", "must be from 1 to 1000"));
    rate.ifPresent(
        n -> Inputs.require(n >= 1 && n <= 1_000_000, "--rate", "must be from 1 to 1000000"));
    for (int size : sizes) {
      Inputs.require(
          size >= 100 && size <= KafkaBenchOptions.MAX_SIZE,
          "--sizes",
          String.format(
              Locale.ROOT,
              "%d bytes is out of range; each size must be from 100 to %d",
              size,
              KafkaBenchOptions.MAX_SIZE));
    }
  }

  private KafkaBenchOptions kafkaOptions() {
    KafkaBenchOptions defaults = KafkaBenchOptions.defaults();
    return Inputs.check(
        "options",
        () ->
            new KafkaBenchOptions(
                events.orElse(KafkaBenchOptions.DEFAULT_EVENTS),
                rounds.orElse(KafkaBenchOptions.DEFAULT_ROUNDS),
                rate.orElse(KafkaBenchOptions.DEFAULT_RATE),
                latencyDuration.orElse(
                    Duration.ofSeconds(KafkaBenchOptions.DEFAULT_LATENCY_SECONDS)),
                List.copyOf(sizes),
                bootstrap,
                defaults.partitions(),
                defaults.keys(),
                defaults.maxInFlight(),
                sidesOr(KafkaBenchOptions.SIDES)));
  }

  private LogBenchOptions logOptions() {
    LogBenchOptions defaults = LogBenchOptions.defaults();
    return Inputs.check(
        "options",
        () ->
            new LogBenchOptions(
                events.orElse(LogBenchOptions.DEFAULT_EVENTS),
                rounds.orElse(LogBenchOptions.DEFAULT_ROUNDS),
                rate.orElse(LogBenchOptions.DEFAULT_RATE),
                latencyDuration.orElse(Duration.ofSeconds(LogBenchOptions.DEFAULT_LATENCY_SECONDS)),
                List.copyOf(sizes),
                publishers.orElse(LogBenchOptions.DEFAULT_PUBLISHERS),
                sidesOr(LogBenchOptions.SIDES),
                directory,
                bootstrap,
                defaults.partitions(),
                defaults.keys(),
                defaults.maxInFlight()));
  }

  private List<String> sidesOr(List<String> all) {
    return sides == null ? all : List.copyOf(sides);
  }

  /** The broker in this JVM warns about routine steps; keep them off the terminal. */
  private static void quietBrokerLogs() {
    // Set only without --verbose, which sets the default level and wants everything shown.
    if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
      System.setProperty("org.slf4j.simpleLogger.log.kafka", "error");
    }
  }
}
