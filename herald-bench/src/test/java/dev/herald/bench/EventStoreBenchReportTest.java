package dev.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.bench.EventStoreBenchReport.Measurement;
import dev.herald.bench.EventStoreBenchReport.Summary;
import dev.herald.bench.Target.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventStoreBenchReportTest {
  private static final AppendLoad SINGLE = new AppendLoad(1, 1);
  private static final AppendLoad MANY = new AppendLoad(1, 16);
  private static final AppendLoad BATCH = new AppendLoad(100, 1);
  private static final AppendLoad BATCHES = new AppendLoad(100, 4);

  private static EventStoreBenchOptions options(int rounds, List<String> sides) {
    return new EventStoreBenchOptions(
        Duration.ofSeconds(1), rounds, sides, Optional.empty(), Optional.empty());
  }

  /** A measurement of {@code events} per second: p50 1 ms, p99 2 ms, max 4 ms, CPU 3 us/ev. */
  private static Measurement m(int round, AppendLoad load, String side, double events) {
    return new Measurement(round, load, side, events, events / load.events(), 3, 1, 2, 4);
  }

  /** One round where every side moves {@code factor} times what meets each target. */
  private static List<Measurement> round(int round, double factor) {
    List<Measurement> all = new ArrayList<>();
    for (AppendLoad load : List.of(SINGLE, MANY, BATCH, BATCHES)) {
      all.add(m(round, load, "embedded-never", 100_000 * factor));
      all.add(m(round, load, "embedded-always", 10_000));
      all.add(m(round, load, "postgres", 20_000 * factor));
      all.add(m(round, load, "jdbc", 25_000));
    }
    return all;
  }

  private static Target target(EventStoreBenchReport report, String what) {
    return report.targets().stream().filter(t -> t.what().equals(what)).findFirst().orElseThrow();
  }

  @Test
  void summaries_areMediansPerLoadAndSide_andMaxTheWorst() {
    List<Measurement> all = new ArrayList<>(round(1, 1));
    all.addAll(round(2, 2));
    all.addAll(round(3, 3));
    all.set(0, new Measurement(1, SINGLE, "embedded-never", 100_000, 100_000, 3, 1, 2, 40));

    EventStoreBenchReport report =
        new EventStoreBenchReport(
            Optional.empty(), Optional.empty(), options(3, EventStoreBenchOptions.SIDES), all);

    assertThat(report.summaries()).hasSize(16);
    Summary never = report.summary(SINGLE, "embedded-never").orElseThrow();
    assertThat(never.eventsPerSecond()).isEqualTo(200_000);
    assertThat(never.maxMillis()).isEqualTo(40);
    assertThat(never.rounds()).isEqualTo(3);
    assertThat(report.summary(BATCH, "postgres").orElseThrow().appendsPerSecond()).isEqualTo(400);
    assertThat(report.ratios())
        .extracting(EventStoreBenchReport.Ratio::eventsRatio)
        .containsExactly(1.6, 1.6, 1.6, 1.6);
  }

  @Test
  void targets_justMet_areMet() {
    EventStoreBenchReport report =
        new EventStoreBenchReport(
            Optional.empty(),
            Optional.empty(),
            options(1, EventStoreBenchOptions.SIDES),
            round(1, 1));

    assertThat(report.targets())
        .extracting(Target::what)
        .containsExactly(
            "embedded-never, 1 event, 1 writer",
            "embedded-never, 1 event, 16 writers",
            "postgres, 100 events, 1 writer",
            "postgres/jdbc, 1 event, 1 writer",
            "postgres/jdbc, 1 event, 16 writers",
            "postgres/jdbc, 100 events, 1 writer",
            "postgres/jdbc, 100 events, 4 writers");
    assertThat(report.targets()).extracting(Target::status).containsOnly(Status.MET);
    assertThat(report.targetsMet()).isTrue();
    assertThat(report.table()).contains("Verdict: all 7 targets met.");
  }

  @Test
  void targets_justBelow_areMissedWithTheMedian() {
    EventStoreBenchReport report =
        new EventStoreBenchReport(
            Optional.empty(),
            Optional.empty(),
            options(1, EventStoreBenchOptions.SIDES),
            round(1, 0.99));

    assertThat(report.targets()).extracting(Target::status).containsOnly(Status.MISSED);
    assertThat(target(report, "postgres/jdbc, 1 event, 1 writer").result()).isEqualTo("0.79x");
    assertThat(target(report, "embedded-never, 1 event, 16 writers").result())
        .isEqualTo("99,000 ev/s");
    assertThat(report.table()).contains("Verdict: 7 of 7 targets MISSED");
  }

  @Test
  void targets_ofSidesThatDidNotRun_areNotMeasured() {
    List<String> sides = List.of("embedded-never", "postgres");
    List<Measurement> ran = round(1, 1).stream().filter(m -> sides.contains(m.side())).toList();

    EventStoreBenchReport report =
        new EventStoreBenchReport(Optional.empty(), Optional.empty(), options(1, sides), ran);

    assertThat(report.ratios()).isEmpty();
    assertThat(report.targets().subList(0, 3)).extracting(Target::status).containsOnly(Status.MET);
    assertThat(report.targets().subList(3, 7))
        .extracting(Target::result)
        .containsOnly("not measured: side jdbc did not run");
    assertThat(report.table())
        .doesNotContain("postgres/jdbc, events/s")
        .contains("Verdict: the 3 measured targets met; 4 not measured.");
  }
}
