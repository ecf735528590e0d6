package dev.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.herald.bench.KafkaBenchReport.Comparison;
import dev.herald.bench.KafkaBenchReport.Measurement;
import dev.herald.bench.KafkaBenchReport.Summary;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KafkaBenchReportTest {
  private static KafkaBenchOptions options(int rounds, List<Integer> sizes) {
    return new KafkaBenchOptions(
        1000, rounds, 100, Duration.ofSeconds(1), sizes, Optional.empty(), 4, 100, 1000);
  }

  private static Measurement m(int round, String side, double throughput, double p99) {
    return new Measurement(round, 100, side, throughput, p99 / 2, p99, p99 * 2);
  }

  @Test
  void summaries_skipTheWarmUpAndTakeTheMedianOfRounds() {
    KafkaBenchReport report =
        new KafkaBenchReport(
            "test",
            options(3, List.of(100)),
            List.of(
                m(0, "herald", 1, 900), // warm-up: not counted
                m(0, "raw", 1, 900),
                m(1, "herald", 80, 3),
                m(1, "raw", 100, 2),
                m(2, "raw", 120, 2.5),
                m(2, "herald", 90, 4),
                m(3, "herald", 85, 10),
                m(3, "raw", 110, 1)));

    assertThat(report.summaries())
        .containsExactly(
            new Summary(100, "herald", 85, 2, 4, 20, 3), new Summary(100, "raw", 110, 1, 2, 5, 3));
  }

  @Test
  void comparisons_ratioAndAddedP99ComeFromTheMedians() {
    KafkaBenchReport report =
        new KafkaBenchReport(
            "test",
            options(1, List.of(100)),
            List.of(m(1, "herald", 95, 3.5), m(1, "raw", 100, 3)));

    Comparison comparison = report.comparisons().get(0);

    assertThat(comparison.throughputRatio()).isCloseTo(0.95, within(1e-12));
    assertThat(comparison.addedP99Millis()).isCloseTo(0.5, within(1e-12));
    assertThat(comparison.throughputMet()).isTrue();
    assertThat(comparison.latencyMet()).isTrue();
    assertThat(report.targetsMet()).isTrue();
    assertThat(report.table()).contains("0.95x  met").contains("+0.50 ms  met");
  }

  @Test
  void table_missedTargets_sayMissedInTheVerdict() {
    KafkaBenchReport report =
        new KafkaBenchReport(
            "test", options(1, List.of(100)), List.of(m(1, "herald", 50, 5), m(1, "raw", 100, 2)));

    assertThat(report.targetsMet()).isFalse();
    assertThat(report.table())
        .contains("0.50x  MISSED")
        .contains("+3.00 ms  MISSED")
        .contains(
            "Verdict: 2 of 2 targets MISSED: throughput at 100 B (0.50x); added p99 at 100 B"
                + " (+3.00 ms).");
  }

  @Test
  void table_showsOneRowPerSideAndSizeThenEveryRound() {
    KafkaBenchReport report =
        new KafkaBenchReport(
            "test",
            options(1, List.of(100)),
            List.of(
                m(0, "herald", 1, 1),
                m(0, "raw", 1, 1),
                m(1, "raw", 100, 2),
                m(1, "herald", 95, 2.5)));

    assertThat(report.table())
        .containsPattern("100 B +herald +95 +1\\.25 +2\\.50 +5\\.00")
        .containsPattern("100 B +raw +100 +1\\.00 +2\\.00 +4\\.00")
        .containsPattern("w +100 B +herald")
        .containsPattern("1 +100 B +herald");
  }
}
