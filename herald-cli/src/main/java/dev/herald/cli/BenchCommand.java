package dev.herald.cli;

import dev.herald.bench.BenchProgress;
import dev.herald.bench.KafkaBench;
import dev.herald.bench.KafkaBenchOptions;
import dev.herald.bench.KafkaBenchReport;
import dev.herald.core.HeraldException;
import dev.herald.kafka.KafkaSettings;
import java.io.Console;
import java.io.PrintWriter;
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
 * {@code herald bench kafka}: Herald on Kafka against plain kafka-clients, end to end, on one
 * broker, interleaved; prints throughput and latency of both and how Herald compares.
 */
@Command(
    name = "bench",
    description = "Measure Herald against a baseline and print the figures.",
    footer = {
      "%nTargets:",
      "  kafka   Herald (EventBus.publishAsync to a handler in another service) against",
      "          raw kafka-clients (KafkaProducer.send to a KafkaConsumer poll loop), with",
      "          the same keyed workload and Herald's client settings on every side; and,",
      "          for context, kafka-clients with the CloudEvents SDK's Kafka serializers",
      "          in binary mode (side cloudevents).",
      "%nFor each round, size and side: a throughput phase (--events as fast as the side",
      "takes them, with process CPU time per event) and a latency phase (--rate events/s",
      "for --latency-duration, latency counted from the intended send time). One warm-up",
      "round is not counted and the order of the sides rotates each round; the table",
      "shows the median of --rounds rounds, then Herald/raw and the verdict against the",
      "targets (throughput >= 0.9x raw, added p99 <= 1 ms), and Herald/cloudevents as",
      "context with no target. Progress goes to stderr, the table to stdout. Runs for",
      "a few minutes with the defaults; the exit code is 0 whenever the bench ran,",
      "whatever the verdict says.",
      "%nExamples:",
      "  herald bench kafka",
      "  herald bench kafka --events 20000 --rounds 1 --sizes 100",
      "  herald bench kafka --bootstrap localhost:9092"
    })
final class BenchCommand implements Callable<Integer> {
  static final List<String> TARGETS = List.of("kafka");

  @Mixin HelpOption help;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TARGET", description = "What to measure: kafka.")
  String target;

  @Option(
      names = "--events",
      paramLabel = "N",
      defaultValue = "" + KafkaBenchOptions.DEFAULT_EVENTS,
      description = "Events per throughput phase (default: ${DEFAULT-VALUE}).")
  int events;

  @Option(
      names = "--rounds",
      paramLabel = "R",
      defaultValue = "" + KafkaBenchOptions.DEFAULT_ROUNDS,
      description =
          "Counted rounds per side and size, after a warm-up (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(
      names = "--rate",
      paramLabel = "EV_PER_S",
      defaultValue = "" + KafkaBenchOptions.DEFAULT_RATE,
      description = "Events per second in the latency phase (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(
      names = "--latency-duration",
      paramLabel = "DURATION",
      defaultValue = KafkaBenchOptions.DEFAULT_LATENCY_SECONDS + "s",
      converter = DurationConverter.class,
      description = "How long each latency phase sends, such as 5s (default: ${DEFAULT-VALUE}).")
  Duration latencyDuration;

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
      defaultValue = "herald,raw,cloudevents",
      description =
          "Sides to run, comma-separated; herald and raw are required (default:"
              + " ${DEFAULT-VALUE}).")
  List<String> sides;

  @Option(
      names = "--bootstrap",
      paramLabel = "HOST:PORT",
      description = "Use this Kafka broker instead of starting one inside the bench.")
  Optional<String> bootstrap;

  @Override
  public Integer call() throws InterruptedException {
    KafkaBenchOptions options = options();
    quietBrokerLogs();
    PrintWriter err = spec.commandLine().getErr();
    BenchProgress progress = BenchProgress.line(err, onTerminal());
    Thread bench = Thread.currentThread();
    KafkaBenchReport report;
    try (StopSignal signal = StopSignal.onShutdown(bench::interrupt)) {
      report = KafkaBench.run(options, progress);
    } catch (InterruptedException e) {
      throw new HeraldException("the bench was interrupted; nothing to report");
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(report.table());
    out.flush();
    return 0;
  }

  private KafkaBenchOptions options() {
    Inputs.require(
        TARGETS.contains(target),
        "TARGET",
        "'" + target + "' is not a bench target; the targets are " + String.join(", ", TARGETS));
    Inputs.require(events >= 1 && events <= 100_000_000, "--events", "must be from 1 to 100000000");
    Inputs.require(rounds >= 1 && rounds <= 1000, "--rounds", "must be from 1 to 1000");
    Inputs.require(rate >= 1 && rate <= 1_000_000, "--rate", "must be from 1 to 1000000");
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
    bootstrap.ifPresent(b -> Inputs.check("--bootstrap", () -> KafkaSettings.of(b)));
    KafkaBenchOptions defaults = KafkaBenchOptions.defaults();
    return Inputs.check(
        "options",
        () ->
            new KafkaBenchOptions(
                events,
                rounds,
                rate,
                latencyDuration,
                List.copyOf(sizes),
                bootstrap,
                defaults.partitions(),
                defaults.keys(),
                defaults.maxInFlight(),
                List.copyOf(sides)));
  }

  /** Whether the bench runs on a terminal, where a status line can be rewritten in place. */
  @SuppressWarnings("SystemConsoleNull") // null on JDK 21; isTerminal covers JDK 22+
  private static boolean onTerminal() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      // JDK 22+ has a console even when redirected; isTerminal tells, but not on JDK 21.
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
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
