package dev.herald.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/**
 * What {@link GatewayBench} measured: every round of every publish load and side with their medians
 * and the gateway's events per second over the direct side's, every fan-out measurement, and the
 * issue's targets judged.
 *
 * @param transport the transport both sides ran on, as the table names it
 * @param options what was run
 * @param publishes every publish measurement in the order taken
 * @param fanouts every fan-out measurement in the order taken
 */
public record GatewayBenchReport(
    String transport, GatewayBenchOptions options, List<Publish> publishes, List<Fanout> fanouts) {

  /** Target: the gateway takes this many single-event HTTP publishes per second. */
  public static final double TARGET_PUBLISHES = 20_000;

  /** Target: this many SSE clients ... */
  public static final int TARGET_CLIENTS = 5_000;

  /** ... each getting this many events per second ... */
  public static final int TARGET_RATE = 1;

  /** ... get them with a p99 publish-to-client latency below this. */
  public static final double TARGET_P99_MILLIS = 100;

  /** Copies the lists. */
  public GatewayBenchReport {
    publishes = List.copyOf(publishes);
    fanouts = List.copyOf(fanouts);
  }

  /**
   * One publish side under one load in one round.
   *
   * @param round 0 for the warm-up round, then 1, 2, …
   * @param load what was published
   * @param side one of {@link GatewayBenchOptions#SIDES}
   * @param eventsPerSecond events published per second over the counted duration
   * @param requestsPerSecond publishes (HTTP requests, appends) per second
   * @param cpuMicrosPerEvent this process's CPU time per event, the clients' included; NaN if the
   *     JVM cannot tell
   * @param p50Millis median time a publish took
   * @param p99Millis 99th percentile of the time a publish took
   * @param maxMillis longest time a publish took
   */
  public record Publish(
      int round,
      PublishLoad load,
      String side,
      double eventsPerSecond,
      double requestsPerSecond,
      double cpuMicrosPerEvent,
      double p50Millis,
      double p99Millis,
      double maxMillis)
      implements PublishFigures {
    static Publish of(int round, PublishLoad load, String side, PublishPhase.Result result) {
      Histogram h = result.latencies();
      return new Publish(
          round,
          load,
          side,
          result.eventsPerSecond(),
          result.requestsPerSecond(),
          result.cpuMicrosPerEvent(),
          Stats.millis(h.getValueAtPercentile(50)),
          Stats.millis(h.getValueAtPercentile(99)),
          Stats.millis(h.getMaxValue()));
    }
  }

  /** One publish side under one load over the counted rounds: medians, and the worst max. */
  public record PublishSummary(
      PublishLoad load,
      String side,
      double eventsPerSecond,
      double requestsPerSecond,
      double cpuMicrosPerEvent,
      double p50Millis,
      double p99Millis,
      double maxMillis,
      int rounds)
      implements PublishFigures {
    static PublishSummary of(List<Publish> rounds) {
      Publish first = rounds.get(0);
      return new PublishSummary(
          first.load(),
          first.side(),
          Stats.median(rounds, Publish::eventsPerSecond),
          Stats.median(rounds, Publish::requestsPerSecond),
          Stats.median(rounds, Publish::cpuMicrosPerEvent),
          Stats.median(rounds, Publish::p50Millis),
          Stats.median(rounds, Publish::p99Millis),
          Stats.max(rounds, Publish::maxMillis),
          rounds.size());
    }
  }

  /** The gateway against the direct side under one load: median events per second over direct's. */
  public record Ratio(PublishLoad load, double eventsRatio) {}

  /**
   * One fan-out measurement.
   *
   * @param clients SSE clients that followed the stream
   * @param rate events published per second
   * @param events events published in the counted window
   * @param deliveries events of the window the clients received
   * @param deliveriesPerSecond deliveries per second of the window
   * @param dropped clients the gateway dropped for falling behind
   * @param disconnected clients whose stream ended otherwise
   * @param cpuMicrosPerDelivery this process's CPU time per delivery, the clients' included; NaN if
   *     the JVM cannot tell
   * @param p50Millis median publish-to-client latency
   * @param p99Millis 99th percentile of it
   * @param p999Millis 99.9th percentile of it
   * @param maxMillis the largest
   * @param baselineP50Millis median latency at the transport subscriber in the bench
   * @param baselineP99Millis 99th percentile of it
   */
  public record Fanout(
      int clients,
      int rate,
      long events,
      long deliveries,
      double deliveriesPerSecond,
      int dropped,
      int disconnected,
      double cpuMicrosPerDelivery,
      double p50Millis,
      double p99Millis,
      double p999Millis,
      double maxMillis,
      double baselineP50Millis,
      double baselineP99Millis) {
    static Fanout of(int rate, FanoutPhase.Result r) {
      Histogram h = r.latencies();
      Histogram b = r.baseline();
      return new Fanout(
          r.connected(),
          rate,
          r.events(),
          r.deliveries(),
          r.deliveries() / r.seconds(),
          r.dropped(),
          r.disconnected(),
          r.cpuMicrosPerDelivery(),
          percentile(h, 50),
          percentile(h, 99),
          percentile(h, 99.9),
          h.getTotalCount() == 0 ? Double.NaN : Stats.millis(h.getMaxValue()),
          percentile(b, 50),
          percentile(b, 99));
    }

    /** Deliveries if every client had received every event of the window. */
    public long expected() {
      return (long) clients * events;
    }

    /** Deliveries over {@link #expected()}, in percent. */
    public double deliveredPercent() {
      return expected() == 0 ? 0 : 100.0 * deliveries / expected();
    }

    private static double percentile(Histogram h, double percentile) {
      return h.getTotalCount() == 0 ? Double.NaN : Stats.millis(h.getValueAtPercentile(percentile));
    }
  }

  /** Per load (in the order of {@link GatewayBenchOptions#loads()}) and side (of its SIDES). */
  public List<PublishSummary> summaries() {
    List<PublishSummary> summaries = new ArrayList<>();
    for (PublishLoad load : options.loads()) {
      for (String side : GatewayBenchOptions.SIDES) {
        List<Publish> rounds =
            publishes.stream()
                .filter(m -> m.round() > 0 && m.load().equals(load) && m.side().equals(side))
                .toList();
        if (!rounds.isEmpty()) {
          summaries.add(PublishSummary.of(rounds));
        }
      }
    }
    return summaries;
  }

  /** The summary of {@code side} under {@code load}, if it ran. */
  public Optional<PublishSummary> summary(PublishLoad load, String side) {
    return summaries().stream()
        .filter(s -> s.load().equals(load) && s.side().equals(side))
        .findFirst();
  }

  /** Per load where both sides ran: {@code gateway} over {@code direct}. */
  public List<Ratio> ratios() {
    List<Ratio> ratios = new ArrayList<>();
    for (PublishLoad load : options.loads()) {
      Optional<PublishSummary> gateway = summary(load, "gateway");
      Optional<PublishSummary> direct = summary(load, "direct");
      if (gateway.isPresent() && direct.isPresent()) {
        ratios.add(
            new Ratio(
                load,
                Stats.ratio(gateway.get().eventsPerSecond(), direct.get().eventsPerSecond())));
      }
    }
    return ratios;
  }

  /** The fan-out of {@code clients} clients at {@code rate}, if it ran. */
  public Optional<Fanout> fanout(int clients, int rate) {
    return fanouts.stream().filter(f -> f.clients() == clients && f.rate() == rate).findFirst();
  }

  /**
   * The targets in a fixed order: the gateway's single-event HTTP publishes per second;
   * then, at {@value #TARGET_CLIENTS} clients and {@value #TARGET_RATE} event/s, the p99
   * publish-to-client latency and that every client got every event. A target this run did not
   * measure is {@link Target.Status#NOT_MEASURED}.
   */
  public List<Target> targets() {
    List<Target> targets = new ArrayList<>();
    PublishLoad single = options.loads().get(0);
    targets.add(
        Judge.atLeast(">= %,.0f req/s", "%,.0f req/s", TARGET_PUBLISHES)
            .target(
                "gateway, " + single.label(),
                summary(single, "gateway").map(PublishSummary::requestsPerSecond),
                "not measured: side gateway did not run"));
    String at =
        String.format(Locale.ROOT, "%,d SSE clients at %d ev/s", TARGET_CLIENTS, TARGET_RATE);
    Optional<Fanout> fanout =
        fanouts.stream()
            .filter(f -> f.rate() == TARGET_RATE && f.clients() == TARGET_CLIENTS)
            .findFirst();
    String why =
        options.clients().contains(TARGET_CLIENTS) && options.rates().contains(TARGET_RATE)
            ? "not measured: the fan-out did not finish"
            : String.format(
                Locale.ROOT,
                "not measured: no run of %,d clients at %d ev/s",
                TARGET_CLIENTS,
                TARGET_RATE);
    targets.add(
        Judge.below("< %.0f ms", "%.1f ms", TARGET_P99_MILLIS)
            .target(at + ", p99", fanout.map(Fanout::p99Millis), why));
    targets.add(
        Judge.below("none missed", "%,.0f missed", 1)
            .target(
                at + ", all delivered",
                fanout.map(f -> (double) (f.expected() - f.deliveries())),
                why));
    return targets;
  }

  /** Whether every target was measured and met. */
  public boolean targetsMet() {
    return targets().stream().allMatch(t -> t.status() == Target.Status.MET);
  }

  /** The results as text tables with the verdict, as {@code herald bench gateway} prints them. */
  public String table() {
    return new GatewayReportTable(this).render();
  }
}
