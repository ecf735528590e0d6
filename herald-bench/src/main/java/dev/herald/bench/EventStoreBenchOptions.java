package dev.herald.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What {@link EventStoreBench} runs.
 *
 * @param duration how long each measurement counts appends, after its warm-up ({@link #warmup()})
 * @param rounds rounds of every load and side; the table shows the medians
 * @param sides which of {@link #SIDES} run, at least one; kept in the order of {@link #SIDES}
 * @param directory where the embedded sides' temporary directories go; empty for the system's
 *     temporary directory. Give one on the disk that matters: on tmpfs an fsync costs nothing
 * @param pgUrl the PostgreSQL server of the {@code postgres} and {@code jdbc} sides, as a JDBC URL
 *     ({@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}); empty starts an embedded
 *     PostgreSQL for the run (when one of those sides runs)
 */
public record EventStoreBenchOptions(
    Duration duration,
    int rounds,
    List<String> sides,
    Optional<Path> directory,
    Optional<String> pgUrl) {

  /**
   * Every side the bench knows, in the order the table shows them: the embedded store acknowledging
   * from the page cache ({@code fsync=never}) and after an fsync ({@code fsync=always}), the
   * PostgreSQL store, and raw JDBC inserts of the same rows, the baseline of the PostgreSQL store's
   * ratios.
   */
  public static final List<String> SIDES =
      List.of("embedded-never", "embedded-always", "postgres", "jdbc");

  /** The environment variable the CLI takes {@link #pgUrl()} from when it is not given. */
  public static final String PG_URL_VARIABLE = "HERALD_PG_URL";

  /** Default of {@link #duration()}, in seconds. */
  public static final int DEFAULT_DURATION_SECONDS = 3;

  /** Default of {@link #rounds()}. */
  public static final int DEFAULT_ROUNDS = 3;

  /** Writers of the many-writers load of single-event appends. */
  public static final int WRITERS = 16;

  /** Events per append of the batch loads. */
  public static final int BATCH = 100;

  /** Writers of the many-writers batch load. */
  public static final int BATCH_WRITERS = 4;

  /** Shortest {@link #duration()}. */
  public static final Duration MIN_DURATION = Duration.ofMillis(100);

  /** Longest {@link #duration()}. */
  public static final Duration MAX_DURATION = Duration.ofHours(1);

  /** Longest warm-up before a measurement. */
  static final Duration MAX_WARMUP = Duration.ofSeconds(1);

  private static final String JDBC_PREFIX = "jdbc:postgresql:";

  /** Checks the options; each message says what the option accepts. */
  public EventStoreBenchOptions {
    OptionChecks.require(
        duration != null
            && duration.compareTo(MIN_DURATION) >= 0
            && duration.compareTo(MAX_DURATION) <= 0,
        "the duration of a measurement must be from 100 ms to 1 hour, was " + duration);
    OptionChecks.require(rounds >= 1 && rounds <= 1000, "rounds must be from 1 to 1000");
    sides = OptionChecks.sides(sides, SIDES);
    directory = directory == null ? Optional.empty() : directory;
    pgUrl = pgUrl == null ? Optional.empty() : pgUrl;
    directory.ifPresent(
        d -> OptionChecks.existingDirectory(d, "the directory for the embedded stores"));
    pgUrl.ifPresent(
        url ->
            OptionChecks.require(
                url.startsWith(JDBC_PREFIX),
                "the PostgreSQL URL must be a JDBC URL starting with "
                    + JDBC_PREFIX
                    + ", such as jdbc:postgresql://127.0.0.1:5432/test?user=postgres"));
    List<String> chosen = sides;
    OptionChecks.require(
        directory.isEmpty() || chosen.stream().anyMatch(s -> s.startsWith("embedded-")),
        "a directory is given but no embedded side runs; add embedded-never or embedded-always, or"
            + " leave out the directory");
    OptionChecks.require(
        pgUrl.isEmpty() || chosen.contains("postgres") || chosen.contains("jdbc"),
        "a PostgreSQL URL is given but neither the postgres nor the jdbc side runs; add one of"
            + " them, or leave out the URL");
  }

  /**
   * The defaults: 3 s per measurement, 3 rounds, every side, the embedded stores in the system's
   * temporary directory, an embedded PostgreSQL.
   */
  public static EventStoreBenchOptions defaults() {
    return new EventStoreBenchOptions(
        Duration.ofSeconds(DEFAULT_DURATION_SECONDS),
        DEFAULT_ROUNDS,
        SIDES,
        Optional.empty(),
        Optional.empty());
  }

  /**
   * The loads each side runs, in the order the table shows them: single events from 1 and {@value
   * #WRITERS} writers, batches of {@value #BATCH} from 1 and {@value #BATCH_WRITERS} writers.
   */
  public List<AppendLoad> loads() {
    return List.of(
        new AppendLoad(1, 1),
        new AppendLoad(1, WRITERS),
        new AppendLoad(BATCH, 1),
        new AppendLoad(BATCH, BATCH_WRITERS));
  }

  /** How long each measurement appends before it counts: a third of the duration, at most 1 s. */
  public Duration warmup() {
    Duration third = duration.dividedBy(3);
    return third.compareTo(MAX_WARMUP) < 0 ? third : MAX_WARMUP;
  }

  /** Whether the {@code postgres} or {@code jdbc} side runs, and so a PostgreSQL is needed. */
  boolean needsPostgres() {
    return sides.contains("postgres") || sides.contains("jdbc");
  }

  /** Whether an embedded side runs, and so a directory for its stores is needed. */
  boolean needsDirectory() {
    return sides.stream().anyMatch(s -> s.startsWith("embedded-"));
  }

  /** The directory the embedded sides' directories go in. */
  Path parentDirectory() {
    return directory.orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir")));
  }
}
