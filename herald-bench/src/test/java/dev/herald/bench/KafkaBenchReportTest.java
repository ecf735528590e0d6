package dev.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.herald.bench.KafkaBenchReport.Comparison;
import dev.herald.bench.KafkaBenchReport.Measurement;
import dev.herald.bench.KafkaBenchReport.Relative;
import dev.herald.bench.KafkaBenchReport.Summary;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KafkaBenchReportTest {
  private static KafkaBenchOptions options(int rounds, List<Integer> sizes, String... sides) {
    return new KafkaBenchOptions(
        1000,
        rounds,
        100,
        Duration.ofSeconds(1),
        sizes,
        Optional.empty(),
        4,
        100,
        1000,
        sides.length == 0 ? KafkaBenchOptions.SIDES : List.of(sides));
  }

  private static Measurement m(int round, String side, double throughput, double p99) {
    return m(round, side, throughput, 1_000_000 / throughput, p99);
  }

  private static Measurement m(
      int round, String side, double throughput, double cpuMicros, double p99) {
    return new Measurement(round, 100, side, throughput, cpuMicros, p99 / 2, p99, p99 * 2);
  }

  @Test
  void summaries_skipTheWarmUpAndTakeTheMedianOfRounds() {
    KafkaBenchReport report =
        new KafkaBenchReport(
            "test",
            options(3, List.of(100)),
            List.of(
                m(0, "herald", 1, 99, 900), // warm-up: not counted
                m(0, "raw", 1, 99, 900),
                m(0, "cloudevents", 1, 99, 900),
                m(1, "herald", 80, 12, 3),
                m(1, "raw", 100, 2, 2),
                m(1, "cloudevents", 40, 5, 6),
                m(2, "raw", 120, 1.5, 2.5),
                m(2, "cloudevents", 50, 4, 5),
                m(2, "herald", 90, 14, 4),
                m(3, "cloudevents", 45, 4.5, 7),
                m(3, "herald", 85, 13, 10),
                m(3, "raw", 110, 3, 1)));

    assertThat(report.summaries())
        .containsExactly(
            new Summary(100, "herald", 85, 13, 2, 4, 20, 3),
            new Summary(100, "raw", 110, 2, 1, 2, 5, 3),
            new Summary(100, "cloudevents", 45, 4.5, 3, 6, 14, 3));
  }

  @Test
  void comparisons_ratioAndAddedP99ComeFromTheMedians() {
    KafkaBenchReport report =
        new KafkaBenchReport(
            "test",
            options(1, List.of(100)),
            List.of(m(1, "herald", 95, 3.5), m(1, "raw", 100, 3), m(1, "cloudevents", 50, 4.25)));

    Comparison comparison = report.comparisons().get(0);

    assertThat(comparison.throughputRatio()).isCloseTo(0.95, within(1e-12));
    assertThat(comparison.addedP99Millis()).isCloseTo(0.5, within(1e-12));
    assertThat(comparison.throughputMet()).isTrue();
    assertThat(comparison.latencyMet()).isTrue();
    assertThat(report.targetsMet()).isTrue();
    assertThat(report.table()).contains("0.95x  met").contains("+0.50 ms  met");
  }

  @Test
  void comparisons_cloudEvents_isHeraldOverTheSdkSideAndNeverAffectsTheVerdict() {
    KafkaBenchReport report =
        new KafkaBenchReport(
            "test",
            options(1, List.of(100)),
            List.of(m(1, "herald", 50, 5), m(1, "raw", 100, 2), m(1, "cloudevents", 40, 6.5)));

    Relative versusCloudEvents = report.comparisons().get(0).cloudEvents().orElseThrow();

    assertThat(versusCloudEvents.throughputRatio()).isCloseTo(1.25, within(1e-12));
    assertThat(versusCloudEvents.addedP99Millis()).isCloseTo(-1.5, within(1e-12));
    assertThat(report.targetsMet()).isFalse();
    assertThat(report.table())
        .contains("context, no target: against cloudevents")
        .contains("throughput herald/cloudevents")
        .containsPattern("100 B +0\\.50x  MISSED +\\+3\\.00 ms  MISSED +1\\.25x +-1\\.50 ms")
        .contains("Verdict: 2 of 2 targets MISSED");
  }

  @Test
  void comparisons_withoutCloudEvents_haveNoContextColumns() {
    KafkaBenchReport report =
        new KafkaBenchReport(
            "test",
            options(1, List.of(100), "herald", "raw"),
            List.of(m(1, "herald", 95, 3.5), m(1, "raw", 100, 3)));

    assertThat(report.comparisons())
        .singleElement()
        .satisfies(c -> assertThat(c.cloudEvents()).isEmpty());
    assertThat(report.table())
        .doesNotContain("cloudevents")
        .containsPattern("(?m)^100 B +0\\.95x  met +\\+0\\.50 ms  met$");
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
                m(0, "cloudevents", 1, 1),
                m(1, "raw", 100, 1.75, 2),
                m(1, "cloudevents", 60, 4.5, 2.25),
                m(1, "herald", 95, 12.25, 2.5)));

    assertThat(report.table())
        .contains("CPU us/ev")
        .containsPattern("100 B +herald +95 +12\\.3 +1\\.25 +2\\.50 +5\\.00")
        .containsPattern("100 B +raw +100 +1\\.8 +1\\.00 +2\\.00 +4\\.00")
        .containsPattern("100 B +cloudevents +60 +4\\.5 +1\\.13 +2\\.25 +4\\.50")
        .containsPattern("w +100 B +herald")
        .containsPattern("w +100 B +cloudevents")
        .containsPattern("1 +100 B +cloudevents");
  }

  @Test
  void table_cpuTimeUnknown_saysNotAvailable() {
    KafkaBenchReport report =
        new KafkaBenchReport(
            "test",
            options(1, List.of(100), "herald", "raw"),
            List.of(m(1, "herald", 95, Double.NaN, 2.5), m(1, "raw", 100, Double.NaN, 2)));

    assertThat(report.table()).containsPattern("100 B +raw +100 +n/a +1\\.00");
  }

  @Test
  void table_cpuLine_saysWhetherTheBrokerIsCounted() {
    KafkaBenchOptions external =
        new KafkaBenchOptions(
            1000,
            1,
            100,
            Duration.ofSeconds(1),
            List.of(100),
            Optional.of("localhost:9092"),
            4,
            100,
            1000);

    assertThat(new KafkaBenchReport("test", options(1, List.of(100)), List.of()).table())
        .contains("the embedded broker included");
    assertThat(new KafkaBenchReport("test", external, List.of()).table())
        .contains("the broker runs elsewhere");
  }
}
