package dev.herald.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What {@link LogBench} measured: every round of every side and size, and from the counted rounds
 * the median per side, each log side's throughput over Kafka's, what outcome reporting costs
 * (log-never against log-unreported), and the targets judged.
 *
 * @param broker the Kafka broker of the {@code kafka} side, as the table names it; empty if that
 *     side did not run
 * @param logs where the log sides' directories were, with the file system type
 * @param options what was run
 * @param measurements every measurement in the order taken, the warm-up round (0) included
 */
public record LogBenchReport(
    Optional<String> broker, String logs, LogBenchOptions options, List<Measurement> measurements) {

  /** Target: {@code log-never} moves at least this many events per second at 100 B. */
  public static final double TARGET_NEVER_THROUGHPUT = 1_000_000;

  /**
   * Target: {@code log-never} moves at least this many times Kafka's events per second at 100 B.
   */
  public static final double TARGET_NEVER_OVER_KAFKA = 3.0;

  /** Target: {@code log-always} with many blocking publishers moves this many events/s at 100 B. */
  public static final double TARGET_ALWAYS_PUBLISHERS_THROUGHPUT = 200_000;

  /**
   * Target: the log sides' p99 publish-to-handler latency is below this at {@link #TARGET_RATE}.
   */
  public static final double TARGET_P99_MILLIS = 1.0;

  /** The rate, in events per second, the latency target is set at. */
  public static final int TARGET_RATE = 10_000;

  /** The event size the throughput targets are set at. */
  public static final int TARGET_SIZE = 100;

  /** Copies the list. */
  public LogBenchReport {
    measurements = List.copyOf(measurements);
  }

  /**
   * One side at one size in one round.
   *
   * @param round 0 for the warm-up round, then 1, 2, ...
   * @param size event data size in bytes
   * @param side one of {@link LogBenchOptions#SIDES}
   * @param throughput events per second from one thread, first send to last receipt
   * @param cpuMicrosPerEvent process CPU time (every thread of the bench's JVM) from first send to
   *     last receipt of that phase, in microseconds per event; NaN if the JVM cannot tell
   * @param publishersThroughput events per second from {@link LogBenchOptions#publishers()}
   *     blocking publishers, first send to last receipt; empty for the {@code kafka} side
   * @param p50Millis median publish-to-handler latency at the fixed rate
   * @param p99Millis 99th percentile latency at the fixed rate
   * @param maxMillis largest latency at the fixed rate
   */
  public record Measurement(
      int round,
      int size,
      String side,
      double throughput,
      double cpuMicrosPerEvent,
      OptionalDouble publishersThroughput,
      double p50Millis,
      double p99Millis,
      double maxMillis)
      implements Measured {
    static Measurement of(
        int round, int size, String side, Phases.Result result, OptionalDouble publishers) {
      return new Measurement(
          round,
          size,
          side,
          result.throughput().eventsPerSecond(),
          result.throughput().cpuMicrosPerEvent(),
          publishers,
          result.p50Millis(),
          result.p99Millis(),
          result.maxMillis());
    }
  }

  /**
   * One side at one size over the counted rounds: medians, and the worst max.
   *
   * @param publishersThroughput the median of the rounds' publishers figures; empty if a round has
   *     none
   * @param rounds how many rounds it summarises
   */
  public record Summary(
      int size,
      String side,
      double throughput,
      double cpuMicrosPerEvent,
      OptionalDouble publishersThroughput,
      double p50Millis,
      double p99Millis,
      double maxMillis,
      int rounds)
      implements Figures {
    static Summary of(List<Measurement> rounds) {
      Measurement first = rounds.get(0);
      boolean publishers = rounds.stream().allMatch(m -> m.publishersThroughput().isPresent());
      return new Summary(
          first.size(),
          first.side(),
          Stats.median(rounds, Measurement::throughput),
          Stats.median(rounds, Measurement::cpuMicrosPerEvent),
          publishers
              ? OptionalDouble.of(Stats.median(rounds, m -> m.publishersThroughput().getAsDouble()))
              : OptionalDouble.empty(),
          Stats.median(rounds, Measurement::p50Millis),
          Stats.median(rounds, Measurement::p99Millis),
          Stats.max(rounds, Measurement::maxMillis),
          rounds.size());
    }
  }

  /**
   * A log side against Kafka at one size: the median throughput from one thread over Kafka's.
   *
   * @param side {@code log-never} or {@code log-always}
   */
  public record Ratio(int size, String side, double throughputRatio) {}

  /**
   * What outcome reporting costs at one size: {@code log-never} (reporting on, the default) against
   * {@code log-unreported} (the same with reporting off), from their medians.
   *
   * @param throughputRatio log-never's throughput from one thread over log-unreported's; below 1
   *     when reporting costs throughput
   * @param p99DifferenceMillis log-never's p99 latency minus log-unreported's; above 0 when
   *     reporting adds latency
   */
  public record Reporting(int size, double throughputRatio, double p99DifferenceMillis) {}

  /** Per size (in the order asked) and side (in the order of {@link LogBenchOptions#SIDES}). */
  public List<Summary> summaries() {
    return Measured.countedRounds(measurements, options.sizes(), LogBenchOptions.SIDES).stream()
        .map(Summary::of)
        .toList();
  }

  /** Per size and log side, when Kafka ran at that size too: the log side over Kafka. */
  public List<Ratio> ratios() {
    List<Summary> summaries = summaries();
    List<Ratio> ratios = new ArrayList<>();
    for (int size : options.sizes()) {
      Optional<Summary> kafka = Figures.find(summaries, size, "kafka");
      for (String side : List.of("log-never", "log-always")) {
        Optional<Summary> log = Figures.find(summaries, size, side);
        if (log.isPresent() && kafka.isPresent()) {
          ratios.add(
              new Ratio(size, side, Stats.ratio(log.get().throughput(), kafka.get().throughput())));
        }
      }
    }
    return ratios;
  }

  /** Per size where both ran: {@code log-never} against {@code log-unreported}. */
  public List<Reporting> reporting() {
    List<Summary> summaries = summaries();
    List<Reporting> reporting = new ArrayList<>();
    for (int size : options.sizes()) {
      Optional<Summary> on = Figures.find(summaries, size, "log-never");
      Optional<Summary> off = Figures.find(summaries, size, "log-unreported");
      if (on.isPresent() && off.isPresent()) {
        reporting.add(
            new Reporting(
                size,
                Stats.ratio(on.get().throughput(), off.get().throughput()),
                on.get().p99Millis() - off.get().p99Millis()));
      }
    }
    return reporting;
  }

  /**
   * The targets in a fixed order: {@code log-never} throughput and {@code log-never}/kafka
   * at {@value #TARGET_SIZE} B, {@code log-always} with many publishers at {@value #TARGET_SIZE} B,
   * then the p99 of each log side at each size. A target this run could not judge (a side or size
   * that did not run, a latency rate other than {@value #TARGET_RATE}) is {@link
   * Target.Status#NOT_MEASURED}.
   */
  public List<Target> targets() {
    List<Summary> summaries = summaries();
    List<Target> targets = new ArrayList<>();
    String size = Lines.size(TARGET_SIZE);
    Optional<Summary> never = Figures.find(summaries, TARGET_SIZE, "log-never");
    targets.add(
        Judge.eventsPerSecond(TARGET_NEVER_THROUGHPUT)
            .target(
                "log-never throughput, " + size,
                never.map(Summary::throughput),
                missing("log-never", TARGET_SIZE)));
    Optional<Ratio> overKafka =
        ratios().stream()
            .filter(r -> r.size() == TARGET_SIZE && r.side().equals("log-never"))
            .findFirst();
    targets.add(
        Judge.ratio(TARGET_NEVER_OVER_KAFKA)
            .target(
                "log-never/kafka throughput, " + size,
                overKafka.map(Ratio::throughputRatio),
                missing(never.isEmpty() ? "log-never" : "kafka", TARGET_SIZE)));
    targets.add(
        Judge.eventsPerSecond(TARGET_ALWAYS_PUBLISHERS_THROUGHPUT)
            .target(
                "log-always, " + options.publishers() + " blocking publishers, " + size,
                Figures.find(summaries, TARGET_SIZE, "log-always")
                    .flatMap(s -> boxed(s.publishersThroughput())),
                missing("log-always", TARGET_SIZE)));
    for (String side : List.of("log-never", "log-always")) {
      for (int each : options.sizes()) {
        String why =
            options.rate() != TARGET_RATE
                ? String.format(Locale.ROOT, "not measured: the rate was %,d ev/s", options.rate())
                : missing(side, each);
        Optional<Double> p99 =
            options.rate() != TARGET_RATE
                ? Optional.empty()
                : Figures.find(summaries, each, side).map(Summary::p99Millis);
        targets.add(
            Judge.below("< %.0f ms", "%.3f ms", TARGET_P99_MILLIS)
                .target(
                    String.format(
                        Locale.ROOT, "%s p99 at %,d ev/s, %s", side, TARGET_RATE, Lines.size(each)),
                    p99,
                    why));
      }
    }
    return targets;
  }

  /** Whether every target was measured and met. */
  public boolean targetsMet() {
    return targets().stream().allMatch(t -> t.status() == Target.Status.MET);
  }

  /** The results as text tables with the verdict, as {@code herald bench log} prints them. */
  public String table() {
    return new LogReportTable(this).render();
  }

  private String missing(String side, int size) {
    if (!options.sides().contains(side)) {
      return "not measured: side " + side + " did not run";
    }
    return "not measured: no " + Lines.size(size) + " events in this run";
  }

  private static Optional<Double> boxed(OptionalDouble value) {
    return value.isPresent() ? Optional.of(value.getAsDouble()) : Optional.empty();
  }
}
