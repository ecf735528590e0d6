package dev.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.herald.bench.GatewayBenchReport.Fanout;
import dev.herald.bench.GatewayBenchReport.PublishSummary;
import dev.herald.bench.GatewayBenchReport.Ratio;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny run of the real gateway bench: both publish sides on the log transport, and 20 SSE clients
 * at two rates for a second. Checks the report's shape and consistency and that nothing is left on
 * disk, never speed.
 */
class GatewayBenchTest {
  @TempDir Path logs;

  @Test
  void run_tinyWorkload_reportsEveryLoadOnBothSidesAndEveryFanout() throws Exception {
    GatewayBenchOptions options =
        new GatewayBenchOptions(
            Duration.ofSeconds(1), // long enough for a publish to complete on a loaded machine
            1,
            4,
            10,
            GatewayBenchOptions.SIDES,
            List.of(20),
            List.of(1, 20),
            Duration.ofSeconds(1),
            "log-never",
            Optional.of(logs));
    StringWriter progress = new StringWriter();

    GatewayBenchReport report =
        GatewayBench.run(options, BenchProgress.line(new PrintWriter(progress), false));

    List<String> expected = new ArrayList<>();
    for (int round = 0; round <= 1; round++) {
      for (PublishLoad load : options.loads()) {
        for (String side : BenchRun.order(GatewayBenchOptions.SIDES, round)) {
          expected.add(round + " " + load.label() + " " + side);
        }
      }
    }
    assertThat(report.publishes())
        .extracting(m -> m.round() + " " + m.load().label() + " " + m.side())
        .containsExactlyElementsOf(expected);
    assertThat(report.summaries()).hasSize(4);
    for (PublishSummary s : report.summaries()) {
      assertThat(s.requestsPerSecond()).as("requests/s of %s", s).isPositive();
      assertThat(s.eventsPerSecond())
          .as("events/s of %s", s)
          .isCloseTo(s.requestsPerSecond() * s.load().events(), within(1e-6 * s.eventsPerSecond()));
      assertThat(s.cpuMicrosPerEvent()).as("CPU of %s", s).isNotNegative();
      assertThat(s.p50Millis()).as("p50 of %s", s).isPositive();
      assertThat(s.p99Millis()).as("p99 of %s", s).isGreaterThanOrEqualTo(s.p50Millis());
      assertThat(s.maxMillis()).as("max of %s", s).isGreaterThanOrEqualTo(s.p99Millis());
    }
    assertThat(report.ratios()).hasSize(2);
    for (Ratio ratio : report.ratios()) {
      double gateway = report.summary(ratio.load(), "gateway").orElseThrow().eventsPerSecond();
      double direct = report.summary(ratio.load(), "direct").orElseThrow().eventsPerSecond();
      assertThat(ratio.eventsRatio()).isEqualTo(gateway / direct);
    }
    assertThat(report.fanouts()).extracting(Fanout::rate).containsExactly(1, 20);
    for (Fanout f : report.fanouts()) {
      assertThat(f.clients()).as("clients of %s", f).isEqualTo(20);
      assertThat(f.events()).as("events of %s", f).isEqualTo(f.rate());
      // a tiny run on an idle gateway: every client gets every event and none is dropped
      assertThat(f.deliveries()).as("deliveries of %s", f).isEqualTo(f.expected());
      assertThat(f.dropped() + f.disconnected()).as("dropped of %s", f).isZero();
      assertThat(f.deliveriesPerSecond())
          .as("deliveries/s of %s", f)
          .isCloseTo(f.clients() * (double) f.rate(), within(1e-6 * f.deliveriesPerSecond()));
      assertThat(f.p50Millis()).as("p50 of %s", f).isPositive();
      assertThat(f.p99Millis()).as("p99 of %s", f).isGreaterThanOrEqualTo(f.p50Millis());
      assertThat(f.p999Millis()).as("p99.9 of %s", f).isGreaterThanOrEqualTo(f.p99Millis());
      assertThat(f.maxMillis()).as("max of %s", f).isGreaterThanOrEqualTo(f.p999Millis());
      assertThat(f.baselineP50Millis()).as("baseline p50 of %s", f).isPositive();
    }
    // 20 clients, not 5,000: the fan-out targets are not judged; the publish target is
    assertThat(report.targets())
        .extracting(Target::status)
        .containsExactly(
            report.targets().get(0).status(),
            Target.Status.NOT_MEASURED,
            Target.Status.NOT_MEASURED);
    assertThat(report.targets().get(0).status()).isNotEqualTo(Target.Status.NOT_MEASURED);
    String table = report.table();
    assertThat(table)
        .containsPattern("\n1 event, 4 publishers +gateway ")
        .containsPattern("\n10 events, 4 publishers +direct ")
        .contains("gateway/direct, events/s")
        .containsPattern("\n +20 +1 +20 +20/20 +0 ")
        .containsPattern("\n +20 +20 +400 +400/400 +0 ")
        .containsPattern("Verdict: .*2 not measured\\.")
        .containsPattern("\nw +1 event, 4 publishers +gateway ");
    assertThat(report.transport()).startsWith("log:DIR?partitions=4&fsync=never, DIR in " + logs);
    assertThat(logs).as("log directories are deleted").isEmptyDirectory();
    // the progress line is redrawn on a timer, so which phases it caught varies from run to run
    assertThat(progress.toString())
        .as("progress shown")
        .containsAnyOf("starting", "publishers", "fan-out");
    System.out.println(table);
  }
}
