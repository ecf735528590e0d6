package dev.herald.bench;

import dev.herald.core.HeraldException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;

/**
 * What {@link GatewayBench} runs.
 *
 * @param duration how long each publish measurement counts, after its warm-up ({@link #warmup()})
 * @param rounds rounds of every publish load and side after a warm-up round that is not counted;
 *     the table shows the medians
 * @param publishers keep-alive connections (on the direct side, threads) publishing at once
 * @param batch events per request of the batch load
 * @param sides which of {@link #SIDES} publish, at least one; kept in the order of {@link #SIDES}
 * @param clients SSE client counts, a fan-out measurement each, in the order given
 * @param rates events per second published in each fan-out measurement, in the order given
 * @param fanoutDuration how long each fan-out measurement counts, after its warm-up ({@link
 *     #fanoutWarmup()})
 * @param transport which of {@link #TRANSPORTS} the gateway and the direct side run on
 * @param directory where the log transports' temporary directories go; empty for the system's
 *     temporary directory. Only for the log transports
 */
public record GatewayBenchOptions(
    Duration duration,
    int rounds,
    int publishers,
    int batch,
    List<String> sides,
    List<Integer> clients,
    List<Integer> rates,
    Duration fanoutDuration,
    String transport,
    Optional<Path> directory) {

  /**
   * The publish sides, in the order the table shows them: HTTP POSTs to the gateway, and the same
   * events given to {@code Transport.append} directly, the baseline of the ratios.
   */
  public static final List<String> SIDES = List.of("gateway", "direct");

  /**
   * The transports the bench runs on: the embedded log acknowledging from the page cache ({@code
   * log:DIR?fsync=never}) or after an fsync ({@code fsync=always}), and the memory transport.
   */
  public static final List<String> TRANSPORTS = List.of("log-never", "log-always", "memory");

  /** Default of {@link #duration()}, in seconds. */
  public static final int DEFAULT_DURATION_SECONDS = 5;

  /** Default of {@link #rounds()}. */
  public static final int DEFAULT_ROUNDS = 3;

  /** Default of {@link #publishers()}. */
  public static final int DEFAULT_PUBLISHERS = 16;

  /** Default of {@link #batch()}. */
  public static final int DEFAULT_BATCH = 100;

  /** Default of {@link #clients()}: the issue's. */
  public static final List<Integer> DEFAULT_CLIENTS = List.of(1_000, 5_000);

  /** Default of {@link #rates()}: the 1 event/s, and a higher rate. */
  public static final List<Integer> DEFAULT_RATES = List.of(1, 20);

  /** Default of {@link #fanoutDuration()}, in seconds. */
  public static final int DEFAULT_FANOUT_SECONDS = 30;

  /** Most {@link #publishers()}. */
  public static final int MAX_PUBLISHERS = 1_000;

  /** Largest {@link #batch()}. */
  public static final int MAX_BATCH = 10_000;

  /** Most SSE clients of one measurement. */
  public static final int MAX_CLIENTS = 50_000;

  /** Highest fan-out rate. */
  public static final int MAX_RATE = 100_000;

  private static final Duration MIN_DURATION = Duration.ofMillis(100);
  private static final Duration MIN_FANOUT = Duration.ofSeconds(1);
  private static final Duration MAX_DURATION = Duration.ofHours(1);

  /** Checks the options; each message says what the option accepts. */
  public GatewayBenchOptions {
    OptionChecks.require(
        duration != null
            && duration.compareTo(MIN_DURATION) >= 0
            && duration.compareTo(MAX_DURATION) <= 0,
        "the duration of a publish measurement must be from 100 ms to 1 hour, was " + duration);
    OptionChecks.require(rounds >= 1 && rounds <= 1000, "rounds must be from 1 to 1000");
    OptionChecks.require(
        publishers >= 1 && publishers <= MAX_PUBLISHERS,
        "publishers must be from 1 to " + MAX_PUBLISHERS);
    OptionChecks.require(
        batch >= 2 && batch <= MAX_BATCH, "the batch must be from 2 to " + MAX_BATCH + " events");
    sides = OptionChecks.sides(sides, SIDES);
    clients = distinct("client count", clients, 1, MAX_CLIENTS, "SSE clients");
    rates = distinct("rate", rates, 1, MAX_RATE, "events a second");
    OptionChecks.require(
        fanoutDuration != null
            && fanoutDuration.compareTo(MIN_FANOUT) >= 0
            && fanoutDuration.compareTo(MAX_DURATION) <= 0,
        "the duration of a fan-out measurement must be from 1 s to 1 hour, was " + fanoutDuration);
    OptionChecks.require(
        transport != null && TRANSPORTS.contains(transport),
        "'"
            + transport
            + "' is not a transport; the transports are "
            + String.join(", ", TRANSPORTS));
    directory = directory == null ? Optional.empty() : directory;
    OptionChecks.require(
        directory.isEmpty() || !transport.equals("memory"),
        "a directory is given but the transport is memory; give a log transport (log-never or"
            + " log-always), or leave out the directory");
    directory.ifPresent(GatewayBenchOptions::checkDirectory);
  }

  /**
   * The defaults: 5 s per publish measurement, 3 rounds, 16 publishers, batches of 100, both sides;
   * 1,000 and 5,000 SSE clients at 1 and 20 events/s for 30 s each; {@code log-never} in the
   * system's temporary directory.
   */
  public static GatewayBenchOptions defaults() {
    return new GatewayBenchOptions(
        Duration.ofSeconds(DEFAULT_DURATION_SECONDS),
        DEFAULT_ROUNDS,
        DEFAULT_PUBLISHERS,
        DEFAULT_BATCH,
        SIDES,
        DEFAULT_CLIENTS,
        DEFAULT_RATES,
        Duration.ofSeconds(DEFAULT_FANOUT_SECONDS),
        "log-never",
        Optional.empty());
  }

  /**
   * A smoke run of a minute or so: 1 s per publish measurement, 1 round, 100 and 1,000 SSE clients
   * at 1 and 20 events/s for 5 s each; the rest as {@link #defaults()}.
   */
  public static GatewayBenchOptions quick() {
    GatewayBenchOptions d = defaults();
    return new GatewayBenchOptions(
        Duration.ofSeconds(1),
        1,
        d.publishers(),
        d.batch(),
        d.sides(),
        List.of(100, 1_000),
        d.rates(),
        Duration.ofSeconds(5),
        d.transport(),
        d.directory());
  }

  /** The publish loads, in the order the table shows them: single events, then batches. */
  public List<PublishLoad> loads() {
    return List.of(new PublishLoad(1, publishers), new PublishLoad(batch, publishers));
  }

  /**
   * How long each publish measurement publishes before it counts: half the duration, at most 2 s.
   */
  public Duration warmup() {
    Duration half = duration.dividedBy(2);
    return half.compareTo(Duration.ofSeconds(2)) < 0 ? half : Duration.ofSeconds(2);
  }

  /** How long each fan-out publishes before it counts: a fifth of its duration, 1 s to 5 s. */
  public Duration fanoutWarmup() {
    Duration fifth = fanoutDuration.dividedBy(5);
    if (fifth.compareTo(Duration.ofSeconds(1)) < 0) {
      return Duration.ofSeconds(1);
    }
    return fifth.compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : fifth;
  }

  /** Whether the transport is a log, and so needs a directory. */
  boolean needsDirectory() {
    return !transport.equals("memory");
  }

  /** The directory the log transports' directories go in. */
  Path parentDirectory() {
    return directory.orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir")));
  }

  private static List<Integer> distinct(
      String what, List<Integer> values, int min, int max, String unit) {
    OptionChecks.require(values != null && !values.isEmpty(), "give at least one " + what);
    for (Integer value : values) {
      OptionChecks.require(
          value != null && value >= min && value <= max,
          what + " " + value + " must be from " + min + " to " + max + " " + unit);
    }
    OptionChecks.require(
        new HashSet<>(values).size() == values.size(), "give each " + what + " once: " + values);
    return List.copyOf(values);
  }

  private static void checkDirectory(Path directory) {
    if (directory.toString().contains("?")) {
      throw new HeraldException(
          "the log directory " + directory + " contains '?', which a log: URI cannot carry");
    }
    OptionChecks.existingDirectory(directory, "the log directory");
  }
}
