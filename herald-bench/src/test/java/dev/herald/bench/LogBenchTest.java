package dev.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.bench.LogBenchReport.Ratio;
import dev.herald.bench.LogBenchReport.Summary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny run of the real log bench: the log transport with both fsync modes, fsync=never also with
 * outcome reporting off, and an embedded broker. Checks the report's shape and that nothing is left
 * on disk, never speed.
 */
class LogBenchTest {
  @TempDir Path logs;

  @Test
  void run_tinyWorkload_reportsEverySideAtBothSizesAndLeavesNoFiles() throws Exception {
    LogBenchOptions options =
        BenchFixtures.logOptions(
            200, List.of(100, 1024), 8, LogBenchOptions.SIDES, Optional.of(logs), Optional.empty());
    StringWriter progress = new StringWriter();

    LogBenchReport report =
        LogBench.run(options, BenchProgress.line(new PrintWriter(progress), false));

    assertThat(BenchFixtures.order(report.measurements()))
        .containsExactly(
            "0 100 log-never",
            "0 100 log-unreported",
            "0 100 log-always",
            "0 100 kafka",
            "0 1024 log-never",
            "0 1024 log-unreported",
            "0 1024 log-always",
            "0 1024 kafka",
            "1 100 log-unreported",
            "1 100 log-always",
            "1 100 kafka",
            "1 100 log-never",
            "1 1024 log-unreported",
            "1 1024 log-always",
            "1 1024 kafka",
            "1 1024 log-never");
    for (Summary summary : report.summaries()) {
      BenchFixtures.assertPlausible(summary);
      assertThat(summary.rounds()).isEqualTo(1);
      assertThat(summary.publishersThroughput().isPresent())
          .as("publishers phase of %s", summary)
          .isEqualTo(!summary.side().equals("kafka"));
      summary
          .publishersThroughput()
          .ifPresent(p -> assertThat(p).as("publishers of %s", summary).isPositive());
    }
    assertThat(report.summaries()).hasSize(8);
    assertThat(report.ratios()).hasSize(4);
    for (Ratio ratio : report.ratios()) {
      Summary log = Figures.find(report.summaries(), ratio.size(), ratio.side()).orElseThrow();
      Summary kafka = Figures.find(report.summaries(), ratio.size(), "kafka").orElseThrow();
      assertThat(ratio.throughputRatio()).isEqualTo(log.throughput() / kafka.throughput());
    }
    assertThat(report.reporting())
        .extracting(LogBenchReport.Reporting::size)
        .containsExactly(100, 1024);
    for (LogBenchReport.Reporting reporting : report.reporting()) {
      Summary on = Figures.find(report.summaries(), reporting.size(), "log-never").orElseThrow();
      Summary off =
          Figures.find(report.summaries(), reporting.size(), "log-unreported").orElseThrow();
      assertThat(reporting.throughputRatio()).isEqualTo(on.throughput() / off.throughput());
      assertThat(reporting.p99DifferenceMillis()).isEqualTo(on.p99Millis() - off.p99Millis());
    }
    // At 200 ev/s the latency targets, set at 10,000 ev/s, are not judged; the rest are.
    assertThat(report.targets()).hasSize(7);
    assertThat(report.targets().subList(0, 3))
        .extracting(Target::status)
        .doesNotContain(Target.Status.NOT_MEASURED);
    assertThat(report.targets().subList(3, 7))
        .extracting(Target::status)
        .containsOnly(Target.Status.NOT_MEASURED);
    String table = report.table();
    assertThat(table)
        .contains("100 B    log-never")
        .contains("100 B    log-unreported")
        .contains("1 KiB    log-always")
        .contains("1 KiB    kafka")
        .contains("8 publishers (ev/s)")
        .contains("embedded KRaft broker")
        .contains("log-never/kafka")
        .contains("100 B    log-never/log-unreported throughput ")
        .containsPattern("Verdict: .*4 not measured\\.");
    assertThat(report.logs()).startsWith(logs.toString());
    assertThat(logs).as("log directories are deleted").isEmptyDirectory();
    // The first status shows at once; later ones, rate-limited off a terminal, depend on timing.
    assertThat(progress.toString()).startsWith("starting the embedded broker");
    System.out.println(table);
  }
}
