package dev.herald.bench;

import dev.herald.core.HeraldException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What {@link LogBench} runs.
 *
 * @param events events of each throughput phase, from one thread and from {@code publishers}
 * @param rounds measured rounds per side and size, after one warm-up round that is not counted
 * @param rate events per second of each latency phase; the latency target is set at {@value
 *     LogBenchReport#TARGET_RATE}
 * @param latencyDuration how long each latency phase sends at {@code rate}
 * @param sizes event data sizes in bytes, each from {@value Payloads#MIN_SIZE}, each once
 * @param publishers threads (virtual) that publish at once, each waiting for each event to be
 *     stored, in the log sides' publishers phase
 * @param sides which of {@link #SIDES} run, at least one; kept in the order of {@link #SIDES}
 * @param directory where the log sides' temporary directories go; empty for the system's temporary
 *     directory. Give one on the disk that matters: on tmpfs an fsync costs nothing
 * @param bootstrap an existing Kafka broker ({@code HOST:PORT}) for the {@code kafka} side; empty
 *     starts an embedded one (when that side runs)
 * @param partitions partitions of each topic, the same for every side
 * @param keys distinct keys the events are spread over
 * @param maxInFlight sent but not yet stored events allowed at once in the throughput and latency
 *     phases, the same for every side
 */
public record LogBenchOptions(
    int events,
    int rounds,
    int rate,
    Duration latencyDuration,
    List<Integer> sizes,
    int publishers,
    List<String> sides,
    Optional<Path> directory,
    Optional<String> bootstrap,
    int partitions,
    int keys,
    int maxInFlight)
    implements Workload {

  /**
   * Every side the bench knows, in the order the table shows them: Herald on the log transport
   * acknowledging from the page cache ({@code fsync=never}), the same with the buses' outcome
   * reporting off ({@code log-unreported}), Herald acknowledging after an fsync ({@code
   * fsync=always}), and raw kafka-clients, the baseline of the ratios.
   */
  public static final List<String> SIDES =
      List.of("log-never", "log-unreported", "log-always", "kafka");

  /**
   * The sides run unless others are asked for: every side but {@code log-unreported}, which only
   * tells what outcome reporting costs {@code log-never}.
   */
  public static final List<String> DEFAULT_SIDES = List.of("log-never", "log-always", "kafka");

  /** Default of {@link #events()}. */
  public static final int DEFAULT_EVENTS = 500_000;

  /** Default of {@link #rounds()}. */
  public static final int DEFAULT_ROUNDS = 3;

  /** Default of {@link #rate()}: the rate of the latency target. */
  public static final int DEFAULT_RATE = LogBenchReport.TARGET_RATE;

  /** Default of {@link #latencyDuration()}, in seconds. */
  public static final int DEFAULT_LATENCY_SECONDS = 3;

  /** Default of {@link #publishers()}. */
  public static final int DEFAULT_PUBLISHERS = 256;

  /** Most {@link #publishers()}. */
  public static final int MAX_PUBLISHERS = 10_000;

  /** Largest event size. */
  public static final int MAX_SIZE = OptionChecks.MAX_SIZE;

  /** Checks the options; each message says what the option accepts. */
  public LogBenchOptions {
    OptionChecks.workload(
        events, rounds, rate, latencyDuration, sizes, partitions, keys, maxInFlight);
    OptionChecks.require(
        publishers >= 1 && publishers <= MAX_PUBLISHERS,
        "publishers must be from 1 to " + MAX_PUBLISHERS);
    sides = OptionChecks.sides(sides, SIDES);
    directory = directory == null ? Optional.empty() : directory;
    bootstrap = bootstrap == null ? Optional.empty() : bootstrap;
    directory.ifPresent(LogBenchOptions::checkDirectory);
    OptionChecks.require(
        bootstrap.isEmpty() || sides.contains("kafka"),
        "a Kafka broker is given but the kafka side does not run; add the kafka side or leave"
            + " out the broker");
    sizes = List.copyOf(sizes);
  }

  /**
   * The defaults: 500,000 events per throughput phase, 3 rounds, 10,000 events/s for 3 s per
   * latency phase, 100 B and 1 KiB, 256 publishers, the {@link #DEFAULT_SIDES}, logs in the
   * system's temporary directory, an embedded broker, 4 partitions (Herald's default), 100 keys,
   * 10,000 events in flight.
   */
  public static LogBenchOptions defaults() {
    return new LogBenchOptions(
        DEFAULT_EVENTS,
        DEFAULT_ROUNDS,
        DEFAULT_RATE,
        Duration.ofSeconds(DEFAULT_LATENCY_SECONDS),
        List.of(100, 1024),
        DEFAULT_PUBLISHERS,
        DEFAULT_SIDES,
        Optional.empty(),
        Optional.empty(),
        4,
        100,
        10_000);
  }

  /** Events of each latency phase: the rate times the duration, at least one. */
  @Override
  public int latencyEvents() {
    return OptionChecks.latencyEvents(rate, latencyDuration);
  }

  /** The directory the log sides' directories go in. */
  Path parentDirectory() {
    return directory.orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir")));
  }

  private static void checkDirectory(Path directory) {
    if (directory.toString().contains("?")) {
      throw new HeraldException(
          "the log directory " + directory + " contains '?', which a log: URI cannot carry");
    }
    OptionChecks.existingDirectory(directory, "the log directory");
  }
}
