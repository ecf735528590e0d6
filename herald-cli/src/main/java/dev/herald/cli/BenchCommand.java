package dev.herald.cli;

import dev.herald.bench.BenchProgress;
import dev.herald.bench.EventStoreBench;
import dev.herald.bench.EventStoreBenchOptions;
import dev.herald.bench.GatewayBench;
import dev.herald.bench.GatewayBenchOptions;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code herald bench kafka|log|eventstore|gateway}: Herald against a baseline, interleaved; prints
 * the figures of every side and how Herald compares with the issue's targets.
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
      "         the disk you care about: fsync costs nothing on tmpfs. Side",
      "         log-unreported (not a default) is log-never with the buses'",
      "         outcome reporting off: --sides log-never,log-unreported shows",
      "         what reporting costs (throughput ratio, p99 difference).",
      "  eventstore",
      "         The event store's backends appending: the embedded store",
      "         (fsync=never and fsync=always) and PostgresEventStore, against raw",
      "         JDBC inserts of the same rows (side jdbc); single events from 1 and",
      "         16 writers, 100-event batches from 1 and 4 writers, each load for",
      "         --duration after a warm-up. Targets: embedded >= 100,000",
      "         single-event appends/s; PostgreSQL >= 20,000 ev/s in 100-event",
      "         batches and >= 0.8x raw JDBC. Defaults: --duration 3s --rounds 3",
      "         --sides embedded-never,embedded-always,postgres,jdbc; about 4",
      "         minutes. PostgreSQL: --pg-url, else $HERALD_PG_URL, else an",
      "         embedded server started for the run. A schema of its own is",
      "         created and dropped at the end.",
      "  gateway",
      "         The HTTP gateway in this JVM: --publishers keep-alive connections",
      "         POSTing single events and --batch-event batches, against the same",
      "         events given to Transport.append from as many threads (side",
      "         direct), each load for --duration after a warm-up; then SSE",
      "         fan-out: --clients clients on one topic's live stream while",
      "         events are POSTed at each --rate for --fanout-duration, latency",
      "         from the intended publish time. Targets: >= 20,000 single-event",
      "         publishes/s; 5,000 clients at 1 ev/s with p99 < 100 ms and every",
      "         event delivered. Defaults: --duration 5s --rounds 3 --publishers",
      "         16 --batch 100 --clients 1000,5000 --rate 1,20 --fanout-duration",
      "         30s --transport log-never; about 5 minutes. --quick: 1 round of",
      "         1 s, 100 and 1,000 clients for 5 s; under a minute. Both ends",
      "         of each connection are in this JVM: 5,000 clients need about",
      "         10,500 file descriptors (ulimit -n).",
      "%nkafka and log, for each round, size and side: a latency phase (--rate",
      "events/s for --latency-duration, latency counted from the intended send",
      "time) and a throughput phase (--events as fast as the side takes them,",
      "with process CPU time per event); for the log sides also a phase of",
      "--publishers virtual threads each calling the blocking EventBus.publish.",
      "One warm-up round is not counted. eventstore: each writer appends again",
      "as soon as its last append returned; events/s, appends/s and the time",
      "each append took. Every target: the order of the sides rotates each",
      "round; the table shows the medians, the ratios and the verdict against",
      "the targets. Progress goes to stderr, the table to stdout; the exit code",
      "is 0 whenever the bench ran, whatever the verdict says.",
      "%nExamples:",
      "  herald bench kafka",
      "  herald bench kafka --events 20000 --rounds 1 --sizes 100",
      "  herald bench kafka --bootstrap localhost:9092",
      "  herald bench log --sides log-never,log-always --directory /var/tmp",
      "  herald bench eventstore --sides postgres,jdbc --duration 5s",
      "  herald bench gateway --quick",
      "  herald bench gateway --clients 5000 --rate 1 --fanout-duration 60s",
      "  HERALD_PG_URL=jdbc:postgresql://db:5432/app herald bench eventstore"
    })
final class BenchCommand implements Callable<Integer> {
  static final List<String> TARGETS = List.of("kafka", "log", "eventstore", "gateway");

  /** The options that only some targets take, and those targets. */
  private static final List<Map.Entry<String, List<String>>> OPTION_TARGETS =
      List.of(
          Map.entry("--events", List.of("kafka", "log")),
          Map.entry("--rate", List.of("kafka", "log", "gateway")),
          Map.entry("--latency-duration", List.of("kafka", "log")),
          Map.entry("--sizes", List.of("kafka", "log")),
          Map.entry("--bootstrap", List.of("kafka", "log")),
          Map.entry("--publishers", List.of("log", "gateway")),
          Map.entry("--directory", List.of("log", "eventstore", "gateway")),
          Map.entry("--duration", List.of("eventstore", "gateway")),
          Map.entry("--pg-url", List.of("eventstore")),
          Map.entry("--clients", List.of("gateway")),
          Map.entry("--batch", List.of("gateway")),
          Map.entry("--fanout-duration", List.of("gateway")),
          Map.entry("--transport", List.of("gateway")),
          Map.entry("--quick", List.of("gateway")));

  @Mixin HelpOption help;
  @Spec CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "TARGET",
      description = "What to measure: kafka, log, eventstore or gateway.")
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
      split = ",",
      description =
          "Events per second in the latency phase; gateway: of each fan-out, comma-separated"
              + " (default: per target).")
  List<Integer> rate; // null when not given

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
      description =
          "Sides to run, comma-separated (default: every side of the target; log: every side but"
              + " log-unreported).")
  List<String> sides; // null when not given

  @Option(
      names = "--publishers",
      paramLabel = "N",
      description =
          "log: blocking publishers of the publishers phase (default: "
              + LogBenchOptions.DEFAULT_PUBLISHERS
              + "); gateway: keep-alive connections publishing at once (default: "
              + GatewayBenchOptions.DEFAULT_PUBLISHERS
              + ").")
  Optional<Integer> publishers;

  @Option(
      names = "--directory",
      paramLabel = "DIR",
      description =
          "log, eventstore and gateway: where the log directories go (default: the temporary"
              + " directory).")
  Optional<Path> directory;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "eventstore and gateway: how long each load is measured, after a warm-up (default: "
              + EventStoreBenchOptions.DEFAULT_DURATION_SECONDS
              + "s; gateway "
              + GatewayBenchOptions.DEFAULT_DURATION_SECONDS
              + "s).")
  Optional<Duration> duration;

  @Option(
      names = "--clients",
      paramLabel = "N",
      split = ",",
      description =
          "gateway only: SSE client counts, a fan-out measurement each, comma-separated (default:"
              + " 1000,5000).")
  List<Integer> clients; // null when not given

  @Option(
      names = "--batch",
      paramLabel = "EVENTS",
      description =
          "gateway only: events per request of the batch load (default: "
              + GatewayBenchOptions.DEFAULT_BATCH
              + ").")
  Optional<Integer> batch;

  @Option(
      names = "--fanout-duration",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description =
          "gateway only: how long each fan-out is measured, after a warm-up (default: "
              + GatewayBenchOptions.DEFAULT_FANOUT_SECONDS
              + "s).")
  Optional<Duration> fanoutDuration;

  @Option(
      names = "--transport",
      paramLabel = "KIND",
      description =
          "gateway only: log-never (log:DIR?fsync=never), log-always or memory (default:"
              + " log-never).")
  Optional<String> transport;

  @Option(
      names = "--quick",
      description =
          "gateway only: a short smoke run (1 round of 1 s, 100 and 1,000 clients for 5 s);"
              + " options given still apply.")
  boolean quick;

  @Option(
      names = "--pg-url",
      paramLabel = "URL",
      description =
          "eventstore only: the PostgreSQL server as a JDBC URL (default: $"
              + EventStoreBenchOptions.PG_URL_VARIABLE
              + ", else an embedded server).")
  Optional<String> pgUrl;

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
    checkOptionsFitTheTarget();
    checkCommonOptions();
    int maxPublishers =
        target.equals("gateway")
            ? GatewayBenchOptions.MAX_PUBLISHERS
            : LogBenchOptions.MAX_PUBLISHERS;
    publishers.ifPresent(
        n ->
            Inputs.require(
                n >= 1 && n <= maxPublishers,
                "--publishers",
                "must be from 1 to " + maxPublishers));
    bootstrap.ifPresent(b -> Inputs.check("--bootstrap", () -> KafkaSettings.of(b)));
    quietBrokerLogs();
    PrintWriter err = spec.commandLine().getErr();
    BenchProgress progress = BenchProgress.line(err, Terminal.attached());
    String table;
    Thread bench = Thread.currentThread();
    try (StopSignal signal = StopSignal.onShutdown(bench::interrupt)) {
      table =
          switch (target) {
            case "log" -> LogBench.run(logOptions(), progress).table();
            case "eventstore" -> EventStoreBench.run(eventStoreOptions(), progress).table();
            case "gateway" -> GatewayBench.run(gatewayOptions(), progress).table();
            default -> KafkaBench.run(kafkaOptions(), progress).table();
          };
    } catch (InterruptedException e) {
      throw new HeraldException("the bench was interrupted; nothing to report");
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(table);
    out.flush();
    return 0;
  }

  private void checkOptionsFitTheTarget() {
    for (Map.Entry<String, List<String>> option : OPTION_TARGETS) {
      List<String> targets = option.getValue();
      Inputs.require(
          targets.contains(target)
              || !spec.commandLine().getParseResult().hasMatchedOption(option.getKey()),
          option.getKey(),
          "is for the "
              + names(targets)
              + (targets.size() == 1 ? " target" : " targets")
              + " only");
    }
  }

  /** Such as {@code log}, {@code kafka and log} or {@code log, eventstore and gateway}. */
  private static String names(List<String> targets) {
    int last = targets.size() - 1;
    return last == 0
        ? targets.get(0)
        : String.join(", ", targets.subList(0, last)) + " and " + targets.get(last);
  }

  private void checkCommonOptions() {
    events.ifPresent(
        n -> Inputs.require(n >= 1 && n <= 100_000_000, "--events", "must be from 1 to 100000000"));
    rounds.ifPresent(
        n -> Inputs.require(n >= 1 && n <= 1000, "--rounds", "must be from 1 to 1000"));
    if (rate != null) {
      for (int n : rate) {
        Inputs.require(n >= 1 && n <= 1_000_000, "--rate", "must be from 1 to 1000000");
      }
      Inputs.require(
          rate.size() == 1 || target.equals("gateway"),
          "--rate",
          "takes one rate for the " + target + " target");
    }
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
                oneRate().orElse(KafkaBenchOptions.DEFAULT_RATE),
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
                oneRate().orElse(LogBenchOptions.DEFAULT_RATE),
                latencyDuration.orElse(Duration.ofSeconds(LogBenchOptions.DEFAULT_LATENCY_SECONDS)),
                List.copyOf(sizes),
                publishers.orElse(LogBenchOptions.DEFAULT_PUBLISHERS),
                sidesOr(LogBenchOptions.DEFAULT_SIDES),
                directory,
                bootstrap,
                defaults.partitions(),
                defaults.keys(),
                defaults.maxInFlight()));
  }

  private EventStoreBenchOptions eventStoreOptions() {
    List<String> chosen = sidesOr(EventStoreBenchOptions.SIDES);
    // the variable is a default: taken only when a side runs on PostgreSQL
    Optional<String> url =
        chosen.contains("postgres") || chosen.contains("jdbc")
            ? pgUrl.or(
                () ->
                    Optional.ofNullable(System.getenv(EventStoreBenchOptions.PG_URL_VARIABLE))
                        .filter(u -> !u.isBlank()))
            : pgUrl;
    return Inputs.check(
        "options",
        () ->
            new EventStoreBenchOptions(
                duration.orElse(
                    Duration.ofSeconds(EventStoreBenchOptions.DEFAULT_DURATION_SECONDS)),
                rounds.orElse(EventStoreBenchOptions.DEFAULT_ROUNDS),
                chosen,
                directory,
                url));
  }

  private GatewayBenchOptions gatewayOptions() {
    GatewayBenchOptions base = quick ? GatewayBenchOptions.quick() : GatewayBenchOptions.defaults();
    return Inputs.check(
        "options",
        () ->
            new GatewayBenchOptions(
                duration.orElse(base.duration()),
                rounds.orElse(base.rounds()),
                publishers.orElse(base.publishers()),
                batch.orElse(base.batch()),
                sidesOr(GatewayBenchOptions.SIDES),
                clients == null ? base.clients() : List.copyOf(clients),
                rate == null ? base.rates() : List.copyOf(rate),
                fanoutDuration.orElse(base.fanoutDuration()),
                transport.orElse(base.transport()),
                directory));
  }

  private Optional<Integer> oneRate() {
    return rate == null ? Optional.empty() : Optional.of(rate.get(0));
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
