package dev.herald.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@link EventStoreBench} measured: every round of every load and side, and from them the
 * median per load and side, the PostgreSQL store's events per second over raw JDBC's, and the
 * issue's targets judged.
 *
 * @param postgres the PostgreSQL server of the {@code postgres} and {@code jdbc} sides, as the
 *     table names it; empty if neither ran
 * @param logs where the embedded sides' directories were, with the file system type; empty if
 *     neither ran
 * @param options what was run
 * @param measurements every measurement in the order taken
 */
public record EventStoreBenchReport(
    Optional<String> postgres,
    Optional<String> logs,
    EventStoreBenchOptions options,
    List<Measurement> measurements) {

  /** Target: {@code embedded-never} takes this many single-event appends per second. */
  public static final double TARGET_EMBEDDED_APPENDS = 100_000;

  /** Target: {@code postgres} stores this many events per second in batches from one writer. */
  public static final double TARGET_POSTGRES_BATCH_EVENTS = 20_000;

  /** Target: {@code postgres} stores at least this many times the events per second of raw JDBC. */
  public static final double TARGET_POSTGRES_OVER_JDBC = 0.8;

  /** Copies the list. */
  public EventStoreBenchReport {
    measurements = List.copyOf(measurements);
  }

  /**
   * One side under one load in one round.
   *
   * @param round 1, 2, …
   * @param load what was appended
   * @param side one of {@link EventStoreBenchOptions#SIDES}
   * @param eventsPerSecond events appended per second over the counted duration
   * @param appendsPerSecond appends (commits) per second over the counted duration
   * @param cpuMicrosPerEvent this process's CPU time per event; NaN if the JVM cannot tell
   * @param p50Millis median time an append call took
   * @param p99Millis 99th percentile of the time an append call took
   * @param maxMillis longest time an append call took
   */
  public record Measurement(
      int round,
      AppendLoad load,
      String side,
      double eventsPerSecond,
      double appendsPerSecond,
      double cpuMicrosPerEvent,
      double p50Millis,
      double p99Millis,
      double maxMillis)
      implements AppendFigures {
    static Measurement of(int round, AppendLoad load, String side, AppendPhase.Result result) {
      return new Measurement(
          round,
          load,
          side,
          result.eventsPerSecond(),
          result.appendsPerSecond(),
          result.cpuMicrosPerEvent(),
          Stats.millis(result.latencies().getValueAtPercentile(50)),
          Stats.millis(result.latencies().getValueAtPercentile(99)),
          Stats.millis(result.latencies().getMaxValue()));
    }
  }

  /**
   * One side under one load over the rounds: medians, and the worst max.
   *
   * @param rounds how many rounds it summarises
   */
  public record Summary(
      AppendLoad load,
      String side,
      double eventsPerSecond,
      double appendsPerSecond,
      double cpuMicrosPerEvent,
      double p50Millis,
      double p99Millis,
      double maxMillis,
      int rounds)
      implements AppendFigures {
    static Summary of(List<Measurement> rounds) {
      Measurement first = rounds.get(0);
      return new Summary(
          first.load(),
          first.side(),
          Stats.median(rounds, Measurement::eventsPerSecond),
          Stats.median(rounds, Measurement::appendsPerSecond),
          Stats.median(rounds, Measurement::cpuMicrosPerEvent),
          Stats.median(rounds, Measurement::p50Millis),
          Stats.median(rounds, Measurement::p99Millis),
          Stats.max(rounds, Measurement::maxMillis),
          rounds.size());
    }
  }

  /** The PostgreSQL store against raw JDBC under one load: median events per second over JDBC's. */
  public record Ratio(AppendLoad load, double eventsRatio) {}

  /** Per load (in the order of {@link EventStoreBenchOptions#loads()}) and side (of its SIDES). */
  public List<Summary> summaries() {
    List<Summary> summaries = new ArrayList<>();
    for (AppendLoad load : options.loads()) {
      for (String side : EventStoreBenchOptions.SIDES) {
        List<Measurement> rounds =
            measurements.stream()
                .filter(m -> m.load().equals(load) && m.side().equals(side))
                .toList();
        if (!rounds.isEmpty()) {
          summaries.add(Summary.of(rounds));
        }
      }
    }
    return summaries;
  }

  /** The summary of {@code side} under {@code load}, if it ran. */
  public Optional<Summary> summary(AppendLoad load, String side) {
    return summaries().stream()
        .filter(s -> s.load().equals(load) && s.side().equals(side))
        .findFirst();
  }

  /** Per load where both ran: {@code postgres} over {@code jdbc}. */
  public List<Ratio> ratios() {
    List<Ratio> ratios = new ArrayList<>();
    for (AppendLoad load : options.loads()) {
      Optional<Summary> store = summary(load, "postgres");
      Optional<Summary> jdbc = summary(load, "jdbc");
      if (store.isPresent() && jdbc.isPresent()) {
        ratios.add(
            new Ratio(
                load, Stats.ratio(store.get().eventsPerSecond(), jdbc.get().eventsPerSecond())));
      }
    }
    return ratios;
  }

  /**
   * The targets in a fixed order: {@code embedded-never} single-event appends from 1 and
   * from {@value EventStoreBenchOptions#WRITERS} writers, {@code postgres} batches of {@value
   * EventStoreBenchOptions#BATCH} from one writer, then {@code postgres}/{@code jdbc} under every
   * load. A target whose sides did not run is {@link Target.Status#NOT_MEASURED}.
   */
  public List<Target> targets() {
    List<Target> targets = new ArrayList<>();
    List<AppendLoad> loads = options.loads();
    for (AppendLoad load : loads.subList(0, 2)) {
      targets.add(
          Judge.eventsPerSecond(TARGET_EMBEDDED_APPENDS)
              .target(
                  "embedded-never, " + load.label(),
                  summary(load, "embedded-never").map(Summary::appendsPerSecond),
                  missing("embedded-never")));
    }
    AppendLoad batch = loads.get(2);
    targets.add(
        Judge.eventsPerSecond(TARGET_POSTGRES_BATCH_EVENTS)
            .target(
                "postgres, " + batch.label(),
                summary(batch, "postgres").map(Summary::eventsPerSecond),
                missing("postgres")));
    for (AppendLoad load : loads) {
      targets.add(
          Judge.ratio(TARGET_POSTGRES_OVER_JDBC)
              .target(
                  "postgres/jdbc, " + load.label(),
                  ratios().stream()
                      .filter(r -> r.load().equals(load))
                      .findFirst()
                      .map(Ratio::eventsRatio),
                  missing(options.sides().contains("postgres") ? "jdbc" : "postgres")));
    }
    return targets;
  }

  /** Whether every target was measured and met. */
  public boolean targetsMet() {
    return targets().stream().allMatch(t -> t.status() == Target.Status.MET);
  }

  /**
   * The results as text tables with the verdict, as {@code herald bench eventstore} prints them.
   */
  public String table() {
    return new EventStoreReportTable(this).render();
  }

  private String missing(String side) {
    return String.format(Locale.ROOT, "not measured: side %s did not run", side);
  }
}
