package dev.herald.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@link KafkaBench} measured: every round of every side and size, and from the counted rounds
 * the median per side, the Herald/raw comparison and the verdict against the targets, and Herald
 * against the CloudEvents SDK baseline for context.
 *
 * @param broker the broker measured against, as the table names it
 * @param options what was run
 * @param measurements every measurement in the order taken, the warm-up round (0) included
 */
public record KafkaBenchReport(
    String broker, KafkaBenchOptions options, List<Measurement> measurements) {

  /** Target: Herald's throughput at least this fraction of raw Kafka's. */
  public static final double TARGET_THROUGHPUT_RATIO = 0.9;

  /** Target: Herald's p99 latency at most this many milliseconds above raw Kafka's. */
  public static final double TARGET_ADDED_P99_MILLIS = 1.0;

  /** Copies the list. */
  public KafkaBenchReport {
    measurements = List.copyOf(measurements);
  }

  /**
   * One side at one size in one round.
   *
   * @param round 0 for the warm-up round, then 1, 2, ...
   * @param size event data size in bytes
   * @param side {@code herald}, {@code raw} or {@code cloudevents}
   * @param throughput events per second, first send to last receipt
   * @param cpuMicrosPerEvent process CPU time (every thread of the bench's JVM, the embedded
   *     broker's too) from first send to last receipt of the throughput phase, in microseconds per
   *     event; NaN if the JVM cannot tell
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
      double p50Millis,
      double p99Millis,
      double maxMillis)
      implements Measured {
    static Measurement of(int round, int size, String side, Phases.Result result) {
      return new Measurement(
          round,
          size,
          side,
          result.throughput().eventsPerSecond(),
          result.throughput().cpuMicrosPerEvent(),
          result.p50Millis(),
          result.p99Millis(),
          result.maxMillis());
    }
  }

  /**
   * One side at one size over the counted rounds: medians (CPU time per event too), and the worst
   * max.
   *
   * @param rounds how many rounds it summarises
   */
  public record Summary(
      int size,
      String side,
      double throughput,
      double cpuMicrosPerEvent,
      double p50Millis,
      double p99Millis,
      double maxMillis,
      int rounds)
      implements Figures {
    /** The rounds of one side at one size summarised. */
    static Summary of(List<Measurement> rounds) {
      Measurement first = rounds.get(0);
      return new Summary(
          first.size(),
          first.side(),
          Stats.median(rounds, Measurement::throughput),
          Stats.median(rounds, Measurement::cpuMicrosPerEvent),
          Stats.median(rounds, Measurement::p50Millis),
          Stats.median(rounds, Measurement::p99Millis),
          Stats.max(rounds, Measurement::maxMillis),
          rounds.size());
    }
  }

  /**
   * Herald against raw Kafka at one size, from the summaries, the targets' comparison; and Herald
   * against the CloudEvents SDK baseline when it ran.
   *
   * @param throughputRatio Herald's median throughput over raw's
   * @param addedP99Millis Herald's median p99 minus raw's
   * @param cloudEvents Herald against the CloudEvents SDK side, context with no target; empty if
   *     that side did not run
   */
  public record Comparison(
      int size, double throughputRatio, double addedP99Millis, Optional<Relative> cloudEvents) {
    /** Whether Herald reaches {@link #TARGET_THROUGHPUT_RATIO} of raw's throughput. */
    public boolean throughputMet() {
      return throughputRatio >= TARGET_THROUGHPUT_RATIO;
    }

    /** Whether Herald adds at most {@link #TARGET_ADDED_P99_MILLIS} to raw's p99. */
    public boolean latencyMet() {
      return addedP99Millis <= TARGET_ADDED_P99_MILLIS;
    }
  }

  /**
   * Herald against a baseline that no target is set against, from the summaries.
   *
   * @param throughputRatio Herald's median throughput over the baseline's
   * @param addedP99Millis Herald's median p99 minus the baseline's
   */
  public record Relative(double throughputRatio, double addedP99Millis) {
    static Relative of(Summary herald, Summary baseline) {
      return new Relative(
          Stats.ratio(herald.throughput(), baseline.throughput()),
          herald.p99Millis() - baseline.p99Millis());
    }
  }

  /**
   * Per size (in the order asked) and side (in the order of {@link KafkaBenchOptions#SIDES}): the
   * counted rounds summarised.
   */
  public List<Summary> summaries() {
    return Measured.countedRounds(measurements, options.sizes(), KafkaBenchOptions.SIDES).stream()
        .map(Summary::of)
        .toList();
  }

  /** Per size that has Herald and raw: Herald against raw Kafka, and against cloudevents. */
  public List<Comparison> comparisons() {
    List<Summary> summaries = summaries();
    List<Comparison> comparisons = new ArrayList<>();
    for (int size : options.sizes()) {
      Optional<Summary> herald = Figures.find(summaries, size, "herald");
      Optional<Summary> raw = Figures.find(summaries, size, "raw");
      if (herald.isPresent() && raw.isPresent()) {
        Relative toRaw = Relative.of(herald.get(), raw.get());
        comparisons.add(
            new Comparison(
                size,
                toRaw.throughputRatio(),
                toRaw.addedP99Millis(),
                Figures.find(summaries, size, "cloudevents")
                    .map(ce -> Relative.of(herald.get(), ce))));
      }
    }
    return comparisons;
  }

  /** Whether every comparison meets both targets. */
  public boolean targetsMet() {
    List<Comparison> comparisons = comparisons();
    return !comparisons.isEmpty()
        && comparisons.stream().allMatch(c -> c.throughputMet() && c.latencyMet());
  }

  /** The results as text tables with the verdict, as {@code herald bench kafka} prints them. */
  public String table() {
    return new ReportTable(this).render();
  }
}
