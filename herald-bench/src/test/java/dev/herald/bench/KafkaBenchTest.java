package dev.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.herald.bench.KafkaBenchReport.Comparison;
import dev.herald.bench.KafkaBenchReport.Relative;
import dev.herald.bench.KafkaBenchReport.Summary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A tiny run of the real bench on an embedded broker; checks the report's shape, never speed. */
class KafkaBenchTest {
  @Test
  void run_tinyWorkload_reportsEverySideAtBothSizes() throws Exception {
    KafkaBenchOptions options =
        new KafkaBenchOptions(
            500, 1, 200, Duration.ofMillis(250), List.of(100, 1024), Optional.empty(), 2, 10, 100);
    StringWriter progress = new StringWriter();

    KafkaBenchReport report =
        KafkaBench.run(options, BenchProgress.line(new PrintWriter(progress), false));

    assertThat(BenchFixtures.order(report.measurements()))
        .containsExactly(
            "0 100 herald",
            "0 100 raw",
            "0 100 cloudevents",
            "0 1024 herald",
            "0 1024 raw",
            "0 1024 cloudevents",
            "1 100 raw",
            "1 100 cloudevents",
            "1 100 herald",
            "1 1024 raw",
            "1 1024 cloudevents",
            "1 1024 herald");
    assertThat(report.summaries())
        .extracting(Summary::size, Summary::side)
        .containsExactly(
            tuple(100, "herald"),
            tuple(100, "raw"),
            tuple(100, "cloudevents"),
            tuple(1024, "herald"),
            tuple(1024, "raw"),
            tuple(1024, "cloudevents"));
    for (Summary summary : report.summaries()) {
      BenchFixtures.assertPlausible(summary);
      assertThat(summary.rounds()).isEqualTo(1);
    }
    assertThat(report.comparisons()).hasSize(2);
    for (Comparison comparison : report.comparisons()) {
      Summary herald = summary(report, comparison.size(), "herald");
      Summary raw = summary(report, comparison.size(), "raw");
      Summary cloudEvents = summary(report, comparison.size(), "cloudevents");
      assertThat(comparison.throughputRatio()).isEqualTo(herald.throughput() / raw.throughput());
      assertThat(comparison.addedP99Millis()).isEqualTo(herald.p99Millis() - raw.p99Millis());
      Relative context = comparison.cloudEvents().orElseThrow();
      assertThat(context.throughputRatio())
          .isEqualTo(herald.throughput() / cloudEvents.throughput());
      assertThat(context.addedP99Millis()).isEqualTo(herald.p99Millis() - cloudEvents.p99Millis());
    }
    String table = report.table();
    assertThat(table)
        .contains("100 B    herald")
        .contains("100 B    raw")
        .contains("100 B    cloudevents")
        .contains("1 KiB    herald")
        .contains("1 KiB    raw")
        .contains("1 KiB    cloudevents")
        .contains("CPU us/ev")
        .contains("the embedded broker included")
        .contains("throughput herald/raw")
        .contains("throughput herald/cloudevents")
        .containsPattern("Verdict: (all 4 targets met|\\d of 4 targets MISSED)");
    // The first status shows at once; later ones, rate-limited off a terminal, depend on timing.
    assertThat(progress.toString()).startsWith("starting the embedded broker");
    System.out.println(table);
  }

  @Test
  void order_rotatesSoThatEachSideGoesFirstEquallyOften() {
    List<String> sides = List.of("herald", "raw", "cloudevents");

    assertThat(BenchRun.order(sides, 0)).containsExactly("herald", "raw", "cloudevents");
    assertThat(BenchRun.order(sides, 1)).containsExactly("raw", "cloudevents", "herald");
    assertThat(BenchRun.order(sides, 2)).containsExactly("cloudevents", "herald", "raw");
    assertThat(IntStream.rangeClosed(1, 6).mapToObj(round -> BenchRun.order(sides, round).get(0)))
        .containsExactlyInAnyOrder("herald", "herald", "raw", "raw", "cloudevents", "cloudevents");
    assertThat(BenchRun.order(List.of("herald", "raw"), 1)).containsExactly("raw", "herald");
  }

  private static Summary summary(KafkaBenchReport report, int size, String side) {
    return report.summaries().stream()
        .filter(s -> s.size() == size && s.side().equals(side))
        .findFirst()
        .orElseThrow();
  }
}
