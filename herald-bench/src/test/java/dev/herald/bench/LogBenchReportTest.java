package dev.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.groups.Tuple.tuple;

import dev.herald.bench.LogBenchReport.Measurement;
import dev.herald.bench.LogBenchReport.Ratio;
import dev.herald.bench.LogBenchReport.Summary;
import dev.herald.bench.Target.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class LogBenchReportTest {
  private static final Optional<String> BROKER = Optional.of("test broker");

  private static LogBenchOptions options(int rate, List<Integer> sizes, List<String> sides) {
    return BenchFixtures.logOptions(rate, sizes, 64, sides, Optional.empty(), Optional.empty());
  }

  private static LogBenchOptions options(List<Integer> sizes) {
    return options(LogBenchReport.TARGET_RATE, sizes, LogBenchOptions.SIDES);
  }

  /** A log side: p50 is half the p99, max twice it, CPU 2 us/ev. */
  private static Measurement log(
      int round, int size, String side, double throughput, double publishers, double p99) {
    return new Measurement(
        round, size, side, throughput, 2, OptionalDouble.of(publishers), p99 / 2, p99, p99 * 2);
  }

  private static Measurement kafka(int round, int size, double throughput, double p99) {
    return new Measurement(
        round, size, "kafka", throughput, 1.5, OptionalDouble.empty(), p99 / 2, p99, p99 * 2);
  }

  /** One round at each size where every target is met by a margin. */
  private static List<Measurement> allMet(List<Integer> sizes) {
    List<Measurement> round = new ArrayList<>();
    for (int size : sizes) {
      round.add(log(1, size, "log-never", 1_500_000, 400_000, 0.4));
      round.add(log(1, size, "log-always", 600_000, 250_000, 0.8));
      round.add(kafka(1, size, 400_000, 7));
    }
    return round;
  }

  private static Status status(LogBenchReport report, String what) {
    return target(report, what).status();
  }

  private static Target target(LogBenchReport report, String what) {
    return report.targets().stream().filter(t -> t.what().equals(what)).findFirst().orElseThrow();
  }

  @Test
  void summaries_skipTheWarmUpAndTakeTheMedianOfRounds() {
    LogBenchReport report =
        new LogBenchReport(
            BROKER,
            "test logs",
            options(List.of(100)),
            List.of(
                log(0, 100, "log-never", 1, 1, 900), // warm-up: not counted
                kafka(0, 100, 1, 900),
                log(1, 100, "log-never", 900_000, 300_000, 0.6),
                kafka(1, 100, 400_000, 6),
                kafka(2, 100, 500_000, 8),
                log(2, 100, "log-never", 1_100_000, 100_000, 0.2),
                log(3, 100, "log-never", 1_000_000, 200_000, 0.4),
                kafka(3, 100, 450_000, 7)));

    assertThat(report.summaries())
        .containsExactly(
            new Summary(
                100, "log-never", 1_000_000, 2, OptionalDouble.of(200_000), 0.2, 0.4, 1.2, 3),
            new Summary(100, "kafka", 450_000, 1.5, OptionalDouble.empty(), 3.5, 7, 16, 3));
  }

  @Test
  void ratios_areEachLogSideOverKafkaPerSize() {
    LogBenchReport report =
        new LogBenchReport(
            BROKER, "test logs", options(List.of(100, 1024)), allMet(List.of(100, 1024)));

    assertThat(report.ratios())
        .extracting(Ratio::size, Ratio::side)
        .containsExactly(
            tuple(100, "log-never"),
            tuple(100, "log-always"),
            tuple(1024, "log-never"),
            tuple(1024, "log-always"));
    assertThat(report.ratios().get(0).throughputRatio()).isCloseTo(3.75, within(1e-12));
    assertThat(report.ratios().get(1).throughputRatio()).isCloseTo(1.5, within(1e-12));
  }

  @Test
  void targets_allMet_sayAllMetInTheVerdict() {
    LogBenchReport report =
        new LogBenchReport(
            BROKER, "test logs", options(List.of(100, 1024)), allMet(List.of(100, 1024)));

    assertThat(report.targets())
        .extracting(Target::what)
        .containsExactly(
            "log-never throughput, 100 B",
            "log-never/kafka throughput, 100 B",
            "log-always, 64 blocking publishers, 100 B",
            "log-never p99 at 10,000 ev/s, 100 B",
            "log-never p99 at 10,000 ev/s, 1 KiB",
            "log-always p99 at 10,000 ev/s, 100 B",
            "log-always p99 at 10,000 ev/s, 1 KiB");
    assertThat(report.targets()).extracting(Target::status).containsOnly(Status.MET);
    assertThat(report.targetsMet()).isTrue();
    assertThat(target(report, "log-never/kafka throughput, 100 B").result()).isEqualTo("3.75x");
    assertThat(report.table()).contains("Verdict: all 7 targets met.");
  }

  @Test
  void targets_atTheirBounds_throughputMetButP99MustBeBelow() {
    LogBenchReport report =
        new LogBenchReport(
            BROKER,
            "test logs",
            options(List.of(100)),
            List.of(
                log(1, 100, "log-never", 1_000_000, 500_000, 1.0),
                log(1, 100, "log-always", 500_000, 200_000, 0.999),
                kafka(1, 100, 1_000_000 / 3.0, 7)));

    assertThat(status(report, "log-never throughput, 100 B")).isEqualTo(Status.MET);
    assertThat(status(report, "log-never/kafka throughput, 100 B")).isEqualTo(Status.MET);
    assertThat(status(report, "log-always, 64 blocking publishers, 100 B")).isEqualTo(Status.MET);
    assertThat(status(report, "log-never p99 at 10,000 ev/s, 100 B")).isEqualTo(Status.MISSED);
    assertThat(status(report, "log-always p99 at 10,000 ev/s, 100 B")).isEqualTo(Status.MET);
    assertThat(report.targetsMet()).isFalse();
  }

  @Test
  void targets_missed_areListedWithTheirMediansInTheVerdict() {
    LogBenchReport report =
        new LogBenchReport(
            BROKER,
            "test logs",
            options(List.of(100)),
            List.of(
                log(1, 100, "log-never", 280_000, 180_000, 1.96),
                log(1, 100, "log-always", 320_000, 183_000, 0.8),
                kafka(1, 100, 1_120_000, 21)));

    assertThat(report.targets())
        .extracting(Target::status)
        .containsExactly(Status.MISSED, Status.MISSED, Status.MISSED, Status.MISSED, Status.MET);
    assertThat(report.table())
        .containsPattern("log-never throughput, 100 B +>= 1,000,000 ev/s +MISSED +280,000 ev/s")
        .containsPattern("log-never/kafka throughput, 100 B +>= 3\\.00x +MISSED +0\\.25x")
        .containsPattern("log-always p99 at 10,000 ev/s, 100 B +< 1 ms +met +0\\.800 ms")
        .contains(
            "Verdict: 4 of 5 targets MISSED: log-never throughput, 100 B (280,000 ev/s);"
                + " log-never/kafka throughput, 100 B (0.25x); log-always, 64 blocking"
                + " publishers, 100 B (183,000 ev/s); log-never p99 at 10,000 ev/s, 100 B"
                + " (1.960 ms).");
  }

  @Test
  void targets_kafkaNotRun_leaveTheRatioNotMeasured() {
    LogBenchReport report =
        new LogBenchReport(
            Optional.empty(),
            "test logs",
            options(LogBenchReport.TARGET_RATE, List.of(100), List.of("log-never", "log-always")),
            List.of(
                log(1, 100, "log-never", 1_500_000, 400_000, 0.4),
                log(1, 100, "log-always", 600_000, 250_000, 0.8)));

    Target ratio = target(report, "log-never/kafka throughput, 100 B");

    assertThat(ratio.status()).isEqualTo(Status.NOT_MEASURED);
    assertThat(ratio.result()).isEqualTo("not measured: side kafka did not run");
    assertThat(report.ratios()).isEmpty();
    assertThat(report.targetsMet()).isFalse();
    assertThat(report.table())
        .doesNotContain("over kafka's")
        .doesNotContain("  kafka:")
        .contains("Verdict: the 4 measured targets met; 1 not measured.");
  }

  @Test
  void targets_anotherRate_leaveTheLatencyTargetsNotMeasured() {
    LogBenchReport report =
        new LogBenchReport(
            BROKER,
            "test logs",
            options(2_000, List.of(100), LogBenchOptions.SIDES),
            allMet(List.of(100)));

    Target p99 = target(report, "log-never p99 at 10,000 ev/s, 100 B");

    assertThat(p99.status()).isEqualTo(Status.NOT_MEASURED);
    assertThat(p99.result()).isEqualTo("not measured: the rate was 2,000 ev/s");
    assertThat(status(report, "log-never throughput, 100 B")).isEqualTo(Status.MET);
  }

  @Test
  void targets_without100B_leaveTheThroughputTargetsNotMeasured() {
    LogBenchReport report =
        new LogBenchReport(BROKER, "test logs", options(List.of(1024)), allMet(List.of(1024)));

    assertThat(report.targets())
        .extracting(Target::status)
        .containsExactly(
            Status.NOT_MEASURED, Status.NOT_MEASURED, Status.NOT_MEASURED, Status.MET, Status.MET);
    assertThat(target(report, "log-never throughput, 100 B").result())
        .isEqualTo("not measured: no 100 B events in this run");
  }

  @Test
  void table_showsOneRowPerSideAndSizeThenRatiosThenEveryRound() {
    LogBenchReport report =
        new LogBenchReport(
            BROKER,
            "/tmp/logs (ext4)",
            options(List.of(100)),
            List.of(
                log(0, 100, "log-never", 1, 1, 1),
                kafka(0, 100, 1, 1),
                kafka(1, 100, 400_000, 7),
                log(1, 100, "log-always", 600_000, 250_000, 0.8),
                log(1, 100, "log-never", 1_500_000, 400_000, 0.043)));

    assertThat(report.table())
        .contains("in /tmp/logs (ext4), deleted after each")
        .contains("  kafka:      test broker")
        .contains("64 publishers (ev/s)")
        .containsPattern(
            "(?m)^100 B +log-never +1,500,000 +2\\.0 +400,000 +0\\.022 +0\\.043 +0\\.086$")
        .containsPattern(
            "(?m)^100 B +log-always +600,000 +2\\.0 +250,000 +0\\.400 +0\\.800 +1\\.60$")
        .containsPattern("(?m)^100 B +kafka +400,000 +1\\.5 +- +3\\.50 +7\\.00 +14\\.0$")
        .contains("100 B    log-never/kafka 3.75x  log-always/kafka 1.50x")
        .containsPattern("(?m)^w +100 B +log-never")
        .containsPattern("(?m)^w +100 B +kafka")
        .containsPattern("(?m)^1 +100 B +kafka");
  }

  @Test
  void reporting_neverAndUnreported_showsTheirThroughputRatioAndP99Difference() {
    LogBenchReport report =
        new LogBenchReport(
            Optional.empty(),
            "test logs",
            options(
                LogBenchReport.TARGET_RATE, List.of(100), List.of("log-never", "log-unreported")),
            List.of(
                log(1, 100, "log-unreported", 1_000_000, 400_000, 0.4),
                log(1, 100, "log-never", 900_000, 380_000, 0.45)));

    assertThat(report.reporting()).hasSize(1);
    LogBenchReport.Reporting reporting = report.reporting().get(0);
    assertThat(reporting.throughputRatio()).isCloseTo(0.9, within(1e-9));
    assertThat(reporting.p99DifferenceMillis()).isCloseTo(0.05, within(1e-9));
    assertThat(report.table())
        .containsPattern("(?m)^100 B +log-unreported +1,000,000 ")
        .contains("100 B    log-never/log-unreported throughput 0.90x  p99 +0.050 ms")
        .doesNotContain("over kafka's");
  }

  @Test
  void reporting_withoutUnreported_isLeftOut() {
    LogBenchReport report =
        new LogBenchReport(
            BROKER,
            "test logs",
            options(LogBenchReport.TARGET_RATE, List.of(100), LogBenchOptions.DEFAULT_SIDES),
            allMet(List.of(100)));

    assertThat(report.reporting()).isEmpty();
    assertThat(report.table()).doesNotContain("outcome reporting:");
  }
}
