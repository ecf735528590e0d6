package dev.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.herald.bench.GatewayBenchReport.Fanout;
import dev.herald.bench.GatewayBenchReport.Publish;
import dev.herald.bench.GatewayBenchReport.PublishSummary;
import dev.herald.bench.Target.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GatewayBenchReportTest {
  private static final PublishLoad SINGLE = new PublishLoad(1, 16);
  private static final PublishLoad BATCH = new PublishLoad(100, 16);

  private static GatewayBenchOptions options(List<Integer> clients, List<Integer> rates) {
    return new GatewayBenchOptions(
        Duration.ofSeconds(5),
        3,
        16,
        100,
        GatewayBenchOptions.SIDES,
        clients,
        rates,
        Duration.ofSeconds(30),
        "log-never",
        Optional.empty());
  }

  /** A publish measurement: p50 half the p99, max twice it, CPU 50 us/ev. */
  private static Publish publish(
      int round, PublishLoad load, String side, double requestsPerSecond, double p99) {
    return new Publish(
        round,
        load,
        side,
        requestsPerSecond * load.events(),
        requestsPerSecond,
        50,
        p99 / 2,
        p99,
        p99 * 2);
  }

  /** A fan-out of 30 events where {@code missed} deliveries did not arrive. */
  private static Fanout fanout(int clients, int rate, double p99, long missed) {
    long events = 30L * rate;
    long deliveries = clients * events - missed;
    return new Fanout(
        clients,
        rate,
        events,
        deliveries,
        deliveries / 30.0,
        missed > 0 ? 1 : 0,
        0,
        3.5,
        p99 / 4,
        p99,
        p99 * 1.5,
        p99 * 2,
        1.0,
        2.0);
  }

  /** One round of both loads on both sides, the gateway at {@code single} single requests/s. */
  private static List<Publish> round(int round, double single) {
    return List.of(
        publish(round, SINGLE, "gateway", single, 5),
        publish(round, SINGLE, "direct", 200_000, 0.3),
        publish(round, BATCH, "gateway", 4_000, 25),
        publish(round, BATCH, "direct", 20_000, 2));
  }

  private static GatewayBenchReport report(double single, List<Fanout> fanouts) {
    List<Publish> publishes = new ArrayList<>(round(1, single));
    return new GatewayBenchReport(
        "test transport", options(List.of(1_000, 5_000), List.of(1, 20)), publishes, fanouts);
  }

  private static Target target(GatewayBenchReport report, String what) {
    return report.targets().stream().filter(t -> t.what().equals(what)).findFirst().orElseThrow();
  }

  @Test
  void summaries_takeTheMedianOfRoundsAndTheWorstMax() {
    List<Publish> publishes = new ArrayList<>();
    publishes.addAll(round(0, 1_000)); // warm-up: not counted
    publishes.add(publish(0, SINGLE, "gateway", 1_000, 900));
    publishes.addAll(round(1, 18_000));
    publishes.addAll(round(2, 22_000));
    publishes.add(publish(3, SINGLE, "gateway", 20_000, 40));
    GatewayBenchReport report =
        new GatewayBenchReport("t", options(List.of(10), List.of(1)), publishes, List.of());

    PublishSummary gateway = report.summary(SINGLE, "gateway").orElseThrow();

    assertThat(gateway.requestsPerSecond()).isEqualTo(20_000);
    assertThat(gateway.p99Millis()).isEqualTo(5);
    assertThat(gateway.maxMillis()).isEqualTo(80);
    assertThat(gateway.rounds()).isEqualTo(3);
    assertThat(report.summaries())
        .extracting(s -> s.load().events() + " " + s.side())
        .containsExactly("1 gateway", "1 direct", "100 gateway", "100 direct");
  }

  @Test
  void ratios_areTheGatewaysEventsPerSecondOverDirects() {
    GatewayBenchReport report = report(20_000, List.of());

    assertThat(report.ratios()).hasSize(2);
    assertThat(report.ratios().get(0).eventsRatio()).isCloseTo(0.1, within(1e-12));
    assertThat(report.ratios().get(1).eventsRatio()).isCloseTo(0.2, within(1e-12));
  }

  @Test
  void fanout_countsExpectedDeliveriesFromClientsAndEvents() {
    Fanout f = fanout(5_000, 1, 50, 12);

    assertThat(f.expected()).isEqualTo(150_000);
    assertThat(f.deliveries()).isEqualTo(149_988);
    assertThat(f.deliveredPercent()).isCloseTo(99.992, within(1e-9));
  }

  @Test
  void targets_allMet_sayAllMetInTheVerdict() {
    GatewayBenchReport report =
        report(25_000, List.of(fanout(1_000, 1, 20, 0), fanout(5_000, 1, 60, 0)));

    assertThat(report.targets())
        .extracting(Target::what)
        .containsExactly(
            "gateway, 1 event, 16 publishers",
            "5,000 SSE clients at 1 ev/s, p99",
            "5,000 SSE clients at 1 ev/s, all delivered");
    assertThat(report.targets()).extracting(Target::status).containsOnly(Status.MET);
    assertThat(report.targetsMet()).isTrue();
    assertThat(report.table()).contains("Verdict: all 3 targets met.");
  }

  @Test
  void targets_atTheirBounds_publishesMetButP99MustBeBelow() {
    GatewayBenchReport report = report(20_000, List.of(fanout(5_000, 1, 100, 0)));

    assertThat(target(report, "gateway, 1 event, 16 publishers").status()).isEqualTo(Status.MET);
    assertThat(target(report, "5,000 SSE clients at 1 ev/s, p99").status())
        .isEqualTo(Status.MISSED);
  }

  @Test
  void targets_missed_areListedWithTheFiguresInTheVerdict() {
    GatewayBenchReport report = report(14_180, List.of(fanout(5_000, 1, 180.4, 3_000)));

    assertThat(report.targets()).extracting(Target::status).containsOnly(Status.MISSED);
    assertThat(report.table())
        .containsPattern("gateway, 1 event, 16 publishers +>= 20,000 req/s +MISSED +14,180 req/s")
        .containsPattern("5,000 SSE clients at 1 ev/s, all delivered +none missed +MISSED")
        .contains(
            "Verdict: 3 of 3 targets MISSED: gateway, 1 event, 16 publishers (14,180 req/s);"
                + " 5,000 SSE clients at 1 ev/s, p99 (180.4 ms); 5,000 SSE clients at 1 ev/s,"
                + " all delivered (3,000 missed).");
  }

  @Test
  void targets_without5000ClientsAtOneEventASecond_areNotMeasured() {
    GatewayBenchReport report =
        new GatewayBenchReport(
            "t",
            options(List.of(1_000), List.of(1)),
            round(1, 25_000),
            List.of(fanout(1_000, 1, 20, 0)));

    assertThat(target(report, "5,000 SSE clients at 1 ev/s, p99").result())
        .isEqualTo("not measured: no run of 5,000 clients at 1 ev/s");
    assertThat(report.targetsMet()).isFalse();
    assertThat(report.table()).contains("Verdict: the 1 measured targets met; 2 not measured.");
  }

  @Test
  void table_showsPublishRowsRatiosFanoutsAndEveryRound() {
    GatewayBenchReport report =
        report(20_155, List.of(fanout(1_000, 1, 20, 0), fanout(5_000, 20, 300, 0)));

    assertThat(report.table())
        .contains("  transport:  test transport, 4 partitions")
        .containsPattern(
            "(?m)^1 event, 16 publishers +gateway +20,155 +20,155 +50\\.0 +2\\.50 +5\\.00 +10\\.0$")
        .containsPattern("(?m)^100 events, 16 publishers +direct +2,000,000 +20,000 ")
        .contains("1 event, 16 publishers      0.10x")
        .containsPattern(
            "(?m)^ +1,000 +1 +1,000 +30,000/30,000 +0 +5\\.00 +20\\.0 +30\\.0 +40\\.0 +2\\.00 +3\\.5$")
        .containsPattern("(?m)^ +5,000 +20 +100,000 +3,000,000/3,000,000 +0 ")
        .containsPattern("(?m)^1 +1 event, 16 publishers +direct ");
  }
}
