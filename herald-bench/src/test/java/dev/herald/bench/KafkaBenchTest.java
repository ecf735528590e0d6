package dev.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.bench.KafkaBenchReport.Comparison;
import dev.herald.bench.KafkaBenchReport.Measurement;
import dev.herald.bench.KafkaBenchReport.Summary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A tiny run of the real bench on an embedded broker; checks the report's shape, never speed. */
class KafkaBenchTest {
  @Test
  void run_tinyWorkload_reportsBothSidesAtBothSizes() throws Exception {
    KafkaBenchOptions options =
        new KafkaBenchOptions(
            500, 1, 200, Duration.ofMillis(500), List.of(100, 1024), Optional.empty(), 2, 10, 100);
    StringWriter progress = new StringWriter();

    KafkaBenchReport report =
        KafkaBench.run(options, BenchProgress.line(new PrintWriter(progress), false));

    assertThat(report.measurements())
        .extracting(Measurement::round, Measurement::size, Measurement::side)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0, 100, "herald"),
            org.assertj.core.groups.Tuple.tuple(0, 100, "raw"),
            org.assertj.core.groups.Tuple.tuple(0, 1024, "herald"),
            org.assertj.core.groups.Tuple.tuple(0, 1024, "raw"),
            org.assertj.core.groups.Tuple.tuple(1, 100, "raw"),
            org.assertj.core.groups.Tuple.tuple(1, 100, "herald"),
            org.assertj.core.groups.Tuple.tuple(1, 1024, "raw"),
            org.assertj.core.groups.Tuple.tuple(1, 1024, "herald"));
    assertThat(report.summaries())
        .extracting(Summary::size, Summary::side)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(100, "herald"),
            org.assertj.core.groups.Tuple.tuple(100, "raw"),
            org.assertj.core.groups.Tuple.tuple(1024, "herald"),
            org.assertj.core.groups.Tuple.tuple(1024, "raw"));
    for (Summary summary : report.summaries()) {
      assertThat(summary.throughput()).as("throughput of %s", summary).isPositive();
      assertThat(summary.p50Millis()).as("p50 of %s", summary).isPositive();
      assertThat(summary.p99Millis())
          .as("p99 of %s", summary)
          .isGreaterThanOrEqualTo(summary.p50Millis());
      assertThat(summary.maxMillis())
          .as("max of %s", summary)
          .isGreaterThanOrEqualTo(summary.p99Millis());
      assertThat(summary.rounds()).isEqualTo(1);
    }
    for (Comparison comparison : report.comparisons()) {
      Summary herald = summary(report, comparison.size(), "herald");
      Summary raw = summary(report, comparison.size(), "raw");
      assertThat(comparison.throughputRatio()).isEqualTo(herald.throughput() / raw.throughput());
      assertThat(comparison.addedP99Millis()).isEqualTo(herald.p99Millis() - raw.p99Millis());
    }
    String table = report.table();
    assertThat(table)
        .contains("100 B    herald")
        .contains("100 B    raw")
        .contains("1 KiB    herald")
        .contains("1 KiB    raw")
        .contains("throughput herald/raw")
        .containsPattern("Verdict: (all 4 targets met|\\d of 4 targets MISSED)");
    assertThat(progress.toString()).contains("sent");
    System.out.println(table);
  }

  private static Summary summary(KafkaBenchReport report, int size, String side) {
    return report.summaries().stream()
        .filter(s -> s.size() == size && s.side().equals(side))
        .findFirst()
        .orElseThrow();
  }
}
