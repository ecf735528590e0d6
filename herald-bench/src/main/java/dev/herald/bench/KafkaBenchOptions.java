package dev.herald.bench;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What {@link KafkaBench} runs.
 *
 * @param events events of each throughput phase
 * @param rounds measured rounds per side and size, after one warm-up round that is not counted
 * @param rate events per second of each latency phase, a rate both sides sustain
 * @param latencyDuration how long each latency phase sends at {@code rate}
 * @param sizes event data sizes in bytes, each from {@value Payloads#MIN_SIZE}
 * @param bootstrap an existing broker ({@code HOST:PORT}); empty starts an embedded one
 * @param partitions partitions of each topic, the same for every side
 * @param keys distinct keys the events are spread over
 * @param maxInFlight sent but not yet stored events allowed at once, the same for every side
 * @param sides which of {@link #SIDES} run: {@code herald} and {@code raw} always (the targets
 *     compare them), {@code cloudevents} if given; kept in the order of {@link #SIDES}
 */
public record KafkaBenchOptions(
    int events,
    int rounds,
    int rate,
    Duration latencyDuration,
    List<Integer> sizes,
    Optional<String> bootstrap,
    int partitions,
    int keys,
    int maxInFlight,
    List<String> sides)
    implements Workload {

  /**
   * Every side the bench knows, in the order the table shows them: Herald, raw kafka-clients (the
   * baseline of the targets) and kafka-clients with the CloudEvents SDK (a baseline for context).
   */
  public static final List<String> SIDES = List.of("herald", "raw", "cloudevents");

  /** Default of {@link #events()}. */
  public static final int DEFAULT_EVENTS = 300_000;

  /** Default of {@link #rounds()}. */
  public static final int DEFAULT_ROUNDS = 5;

  /** Default of {@link #rate()}. */
  public static final int DEFAULT_RATE = 2_000;

  /** Default of {@link #latencyDuration()}, in seconds. */
  public static final int DEFAULT_LATENCY_SECONDS = 5;

  /** Largest event size: Herald's Kafka transport takes up to 4 MiB, the bench 1 MiB. */
  public static final int MAX_SIZE = OptionChecks.MAX_SIZE;

  /** Checks the options. */
  public KafkaBenchOptions {
    OptionChecks.workload(
        events, rounds, rate, latencyDuration, sizes, partitions, keys, maxInFlight);
    sides = OptionChecks.sides(sides, SIDES);
    OptionChecks.require(
        sides.contains("herald") && sides.contains("raw"),
        "the sides must include herald and raw, which the targets compare; cloudevents is"
            + " optional");
    sizes = List.copyOf(sizes);
    bootstrap = bootstrap == null ? Optional.empty() : bootstrap;
  }

  /** Options with every side in {@link #SIDES}; checked as the canonical constructor does. */
  public KafkaBenchOptions(
      int events,
      int rounds,
      int rate,
      Duration latencyDuration,
      List<Integer> sizes,
      Optional<String> bootstrap,
      int partitions,
      int keys,
      int maxInFlight) {
    this(
        events,
        rounds,
        rate,
        latencyDuration,
        sizes,
        bootstrap,
        partitions,
        keys,
        maxInFlight,
        SIDES);
  }

  /**
   * The defaults: 300,000 events per throughput phase, 5 rounds, 2,000 events/s for 5 s per latency
   * phase, 100 B and 1 KiB, an embedded broker, 4 partitions (Herald's default), 100 keys, 10,000
   * events in flight, every side.
   */
  public static KafkaBenchOptions defaults() {
    return new KafkaBenchOptions(
        DEFAULT_EVENTS,
        DEFAULT_ROUNDS,
        DEFAULT_RATE,
        Duration.ofSeconds(DEFAULT_LATENCY_SECONDS),
        List.of(100, 1024),
        Optional.empty(),
        4,
        100,
        10_000,
        SIDES);
  }

  /** Events of each latency phase: the rate times the duration, at least one. */
  @Override
  public int latencyEvents() {
    return OptionChecks.latencyEvents(rate, latencyDuration);
  }
}
