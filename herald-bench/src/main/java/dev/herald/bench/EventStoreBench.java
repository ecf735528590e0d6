package dev.herald.bench;

import dev.herald.core.HeraldException;
import dev.herald.log.Durability;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Herald's two event store backends and raw JDBC, appending in one run: the embedded store ({@code
 * LogEventStore}) with {@code fsync=never} and {@code fsync=always}, the PostgreSQL store ({@code
 * PostgresEventStore}), and plain pgjdbc inserts of the same rows into a copy of its events table,
 * the baseline the PostgreSQL store is judged against.
 *
 * <p>Each round measures every load ({@link EventStoreBenchOptions#loads()}) on every side, the
 * order of the sides rotating by one each round so that noise on the machine hits all alike. A
 * measurement appends for a warm-up and then for the counted duration ({@link AppendPhase}), on
 * fresh streams; the embedded sides also on a fresh store in a fresh directory, deleted after it.
 * The PostgreSQL sides share one schema made for the run and dropped at its end, on the given
 * server or on an embedded one started for the run.
 */
public final class EventStoreBench {
  private final EventStoreBenchOptions options;
  private final BenchRun run;
  private final List<AppendSide> sides;

  private EventStoreBench(EventStoreBenchOptions options, BenchRun run, List<AppendSide> sides) {
    this.options = options;
    this.run = run;
    this.sides = sides;
  }

  /**
   * Runs the bench; blocks for its duration (minutes with the defaults) and reports progress to
   * {@code progress} about twice a second. Deletes every directory and schema it made and stops the
   * PostgreSQL it started.
   *
   * @throws HeraldException if a directory or PostgreSQL cannot be used, or a side fails to append
   * @throws InterruptedException if interrupted; stores, connections and servers are closed
   */
  public static EventStoreBenchReport run(EventStoreBenchOptions options, BenchProgress progress)
      throws InterruptedException {
    String first =
        !options.needsPostgres()
            ? "starting"
            : options
                .pgUrl()
                .map(url -> "connecting to " + BenchPostgres.redacted(url))
                .orElse("starting an embedded PostgreSQL");
    try (BenchRun run = new BenchRun(progress, options.rounds(), first);
        Resources resources = Resources.open(options)) {
      List<AppendSide> sides = new ArrayList<>();
      for (String side : options.sides()) {
        sides.add(resources.side(side));
      }
      List<EventStoreBenchReport.Measurement> measurements =
          new EventStoreBench(options, run, sides).measureAll();
      return new EventStoreBenchReport(
          resources.postgres.map(BenchPostgres::description),
          resources.logs.map(BenchLogs::description),
          options,
          measurements);
    }
  }

  private List<EventStoreBenchReport.Measurement> measureAll() throws InterruptedException {
    List<EventStoreBenchReport.Measurement> measurements = new ArrayList<>();
    for (int round = 1; round <= options.rounds(); round++) {
      for (AppendLoad load : options.loads()) {
        for (AppendSide side : BenchRun.order(sides, round - 1)) {
          measurements.add(measure(side, round, load));
        }
      }
    }
    return measurements;
  }

  private EventStoreBenchReport.Measurement measure(AppendSide side, int round, AppendLoad load)
      throws InterruptedException {
    String name =
        String.format(
            Locale.ROOT, "%s-r%d-e%d-w%d", side.name(), round, load.events(), load.writers());
    String label =
        String.format(
            Locale.ROOT,
            "round %d/%d  %-15s  %-21s",
            round,
            options.rounds(),
            side.name(),
            load.label());
    run.status(label + "  opening");
    AppendPhase phase = new AppendPhase(side.name(), load, "bench-" + name);
    AppendPhase.Result result;
    try (AppendSide.Target target = side.open(name)) {
      run.show(() -> label + "  " + phase.status());
      result = phase.run(target, options.warmup(), options.duration());
      run.status(label + "  cleaning up");
    }
    return EventStoreBenchReport.Measurement.of(round, load, side.name(), result);
  }

  /** The directories and the PostgreSQL of a run, made only if a side needs them. */
  private static final class Resources implements AutoCloseable {
    private final Optional<BenchLogs> logs;
    private final Optional<BenchPostgres> postgres;

    private Resources(Optional<BenchLogs> logs, Optional<BenchPostgres> postgres) {
      this.logs = logs;
      this.postgres = postgres;
    }

    static Resources open(EventStoreBenchOptions options) {
      Optional<BenchLogs> logs =
          options.needsDirectory()
              ? Optional.of(BenchLogs.create(options.parentDirectory()))
              : Optional.empty();
      try {
        Optional<BenchPostgres> postgres =
            options.needsPostgres()
                ? Optional.of(BenchPostgres.start(options.pgUrl(), EventStoreBenchOptions.WRITERS))
                : Optional.empty();
        return new Resources(logs, postgres);
      } catch (RuntimeException e) {
        logs.ifPresent(BenchLogs::close);
        throw e;
      }
    }

    AppendSide side(String name) {
      return switch (name) {
        case "embedded-never" -> new EmbeddedSide(name, Durability.never(), logs.orElseThrow());
        case "embedded-always" -> new EmbeddedSide(name, Durability.always(), logs.orElseThrow());
        case "postgres" -> postgres.orElseThrow().storeSide();
        case "jdbc" -> postgres.orElseThrow().jdbcSide();
        default -> throw new IllegalArgumentException("no side " + name);
      };
    }

    @Override
    public void close() {
      try {
        postgres.ifPresent(BenchPostgres::close);
      } finally {
        logs.ifPresent(BenchLogs::close);
      }
    }
  }
}
