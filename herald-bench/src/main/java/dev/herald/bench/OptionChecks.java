package dev.herald.bench;

import dev.herald.core.HeraldException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;

/**
 * The checks every bench's options share. Each failure is a {@link HeraldException} whose message
 * says what the option accepts.
 */
final class OptionChecks {
  /** Largest event size: Herald's Kafka transport takes up to 4 MiB, the benches 1 MiB. */
  static final int MAX_SIZE = 1024 * 1024;

  private OptionChecks() {}

  /** Checks the workload options that {@link KafkaBench} and {@link LogBench} both take. */
  static void workload(
      int events,
      int rounds,
      int rate,
      Duration latencyDuration,
      List<Integer> sizes,
      int partitions,
      int keys,
      int maxInFlight) {
    require(events >= 1 && events <= 100_000_000, "events must be from 1 to 100000000");
    require(rounds >= 1 && rounds <= 1000, "rounds must be from 1 to 1000");
    require(rate >= 1 && rate <= 1_000_000, "rate must be from 1 to 1000000 events a second");
    require(
        latencyDuration != null && !latencyDuration.isNegative() && !latencyDuration.isZero(),
        "the latency phase must last a positive time");
    require(sizes != null && !sizes.isEmpty(), "give at least one event size");
    for (Integer size : sizes) {
      require(
          size != null && size >= Payloads.MIN_SIZE && size <= MAX_SIZE,
          "event size " + size + " must be from " + Payloads.MIN_SIZE + " to " + MAX_SIZE);
    }
    require(new HashSet<>(sizes).size() == sizes.size(), "give each event size once: " + sizes);
    require(partitions >= 1 && partitions <= 1000, "partitions must be from 1 to 1000");
    require(keys >= 1 && keys <= 100_000, "keys must be from 1 to 100000");
    require(maxInFlight >= 1, "maxInFlight must be 1 or more");
  }

  /**
   * Checks that {@code given} names known sides, each once, and returns them in the order of {@code
   * known}, the order the tables show them.
   */
  static List<String> sides(List<String> given, List<String> known) {
    require(
        given != null && !given.isEmpty(), "give the sides to run: " + String.join(", ", known));
    for (String side : given) {
      require(
          side != null && known.contains(side),
          "'" + side + "' is not a side; the sides are " + String.join(", ", known));
    }
    require(new HashSet<>(given).size() == given.size(), "give each side once: " + given);
    return known.stream().filter(given::contains).toList();
  }

  /** Events of a latency phase: {@code rate} times {@code duration}, at least one. */
  static int latencyEvents(int rate, Duration duration) {
    long events = Math.round(rate * (duration.toNanos() / 1e9));
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, events));
  }

  /**
   * Checks that {@code directory}, where a bench makes its temporary directories, exists; {@code
   * what} names what goes there, such as {@code the log directory}.
   */
  static void existingDirectory(Path directory, String what) {
    require(
        Files.isDirectory(directory),
        what
            + " "
            + directory
            + " is not an existing directory; give one (the bench makes a temporary directory"
            + " in it and deletes it at the end)");
  }

  static void require(boolean ok, String problem) {
    if (!ok) {
      throw new HeraldException(problem);
    }
  }
}
