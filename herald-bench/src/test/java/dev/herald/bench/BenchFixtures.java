package dev.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Options and checks the bench tests share. */
final class BenchFixtures {
  private BenchFixtures() {}

  /**
   * Log bench options for a tiny run: 500 events, 1 round, latency for 250 ms, 2 partitions, 10
   * keys, 100 in flight, and the rest as given.
   */
  static LogBenchOptions logOptions(
      int rate,
      List<Integer> sizes,
      int publishers,
      List<String> sides,
      Optional<Path> directory,
      Optional<String> bootstrap) {
    return new LogBenchOptions(
        500,
        1,
        rate,
        Duration.ofMillis(250),
        sizes,
        publishers,
        sides,
        directory,
        bootstrap,
        2,
        10,
        100);
  }

  /** Each measurement as {@code ROUND SIZE SIDE}, such as {@code 0 100 raw}, in the order taken. */
  static List<String> order(List<? extends Measured> measurements) {
    return measurements.stream()
        .map(m -> String.format(Locale.ROOT, "%d %d %s", m.round(), m.size(), m.side()))
        .toList();
  }

  /**
   * Checks that figures from a real run are possible ones: some throughput, CPU time (a tiny phase
   * may see none: the OS counts it in ticks, 10 ms on Linux), and latencies in order.
   */
  static void assertPlausible(Figures figures) {
    assertThat(figures.throughput()).as("throughput of %s", figures).isPositive();
    assertThat(figures.cpuMicrosPerEvent()).as("CPU of %s", figures).isNotNegative();
    assertThat(figures.p50Millis()).as("p50 of %s", figures).isPositive();
    assertThat(figures.p99Millis())
        .as("p99 of %s", figures)
        .isGreaterThanOrEqualTo(figures.p50Millis());
    assertThat(figures.maxMillis())
        .as("max of %s", figures)
        .isGreaterThanOrEqualTo(figures.p99Millis());
  }
}
