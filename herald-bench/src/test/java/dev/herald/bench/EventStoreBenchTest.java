package dev.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.herald.bench.EventStoreBenchReport.Ratio;
import dev.herald.bench.EventStoreBenchReport.Summary;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny run of the real event store bench: both embedded stores, and the PostgreSQL store and raw
 * JDBC on the server at {@code HERALD_PG_URL}, or else on an embedded PostgreSQL the bench starts.
 * Checks the report's shape and that nothing is left behind, never speed.
 */
class EventStoreBenchTest {
  @TempDir Path logs;

  @Test
  void run_tinyWorkload_reportsEveryLoadOnEverySideAndLeavesNothingBehind() throws Exception {
    Optional<String> server =
        Optional.ofNullable(System.getenv(EventStoreBenchOptions.PG_URL_VARIABLE))
            .filter(url -> !url.isBlank());
    EventStoreBenchOptions options =
        new EventStoreBenchOptions(
            Duration.ofMillis(200), 1, EventStoreBenchOptions.SIDES, Optional.of(logs), server);
    StringWriter progress = new StringWriter();

    EventStoreBenchReport report =
        EventStoreBench.run(options, BenchProgress.line(new PrintWriter(progress), false));

    List<String> expected = new ArrayList<>();
    for (AppendLoad load : options.loads()) {
      for (String side : EventStoreBenchOptions.SIDES) {
        expected.add("1 " + load.label() + " " + side);
      }
    }
    assertThat(report.measurements())
        .extracting(m -> m.round() + " " + m.load().label() + " " + m.side())
        .containsExactlyElementsOf(expected);
    assertThat(report.summaries()).hasSize(16);
    for (Summary s : report.summaries()) {
      assertThat(s.appendsPerSecond()).as("appends/s of %s", s).isPositive();
      assertThat(s.eventsPerSecond())
          .as("events/s of %s", s)
          .isCloseTo(s.appendsPerSecond() * s.load().events(), within(1e-6 * s.eventsPerSecond()));
      assertThat(s.cpuMicrosPerEvent()).as("CPU of %s", s).isNotNegative();
      assertThat(s.p50Millis()).as("p50 of %s", s).isPositive();
      assertThat(s.p99Millis()).as("p99 of %s", s).isGreaterThanOrEqualTo(s.p50Millis());
      assertThat(s.maxMillis()).as("max of %s", s).isGreaterThanOrEqualTo(s.p99Millis());
    }
    assertThat(report.ratios()).hasSize(4);
    for (Ratio ratio : report.ratios()) {
      double store = report.summary(ratio.load(), "postgres").orElseThrow().eventsPerSecond();
      double jdbc = report.summary(ratio.load(), "jdbc").orElseThrow().eventsPerSecond();
      assertThat(ratio.eventsRatio()).isEqualTo(store / jdbc);
    }
    assertThat(report.targets())
        .hasSize(7)
        .extracting(Target::status)
        .doesNotContain(Target.Status.NOT_MEASURED);
    String table = report.table();
    assertThat(table)
        .containsPattern("\n1 event, 1 writer +embedded-never ")
        .containsPattern("\n1 event, 16 writers +embedded-always ")
        .containsPattern("\n100 events, 1 writer +postgres ")
        .containsPattern("\n100 events, 4 writers +jdbc ")
        .contains("postgres/jdbc, events/s")
        .containsPattern("Verdict: ");
    assertThat(logs).as("store directories are deleted").isEmptyDirectory();
    assertThat(progress.toString())
        .startsWith(server.isPresent() ? "connecting to" : "starting an");
    if (server.isPresent()) {
      assertThat(schemaExists(server.get(), schemaOf(report))).as("schema dropped").isFalse();
    }
    System.out.println(table);
  }

  private static String schemaOf(EventStoreBenchReport report) {
    Matcher m =
        Pattern.compile("schema (herald_bench_\\w+)").matcher(report.postgres().orElseThrow());
    assertThat(m.find()).as("the table names the schema").isTrue();
    return m.group(1);
  }

  private static boolean schemaExists(String url, String schema) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM information_schema.schemata WHERE schema_name = '"
                    + schema
                    + "'")) {
      rs.next();
      return rs.getInt(1) > 0;
    }
  }
}
