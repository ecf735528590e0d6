package dev.herald.bench;

import dev.herald.bench.GatewayBenchReport.Fanout;
import dev.herald.bench.GatewayBenchReport.Publish;
import dev.herald.bench.GatewayBenchReport.PublishSummary;
import dev.herald.bench.GatewayBenchReport.Ratio;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Renders a {@link GatewayBenchReport} as the text {@code herald bench gateway} prints. */
final class GatewayReportTable {
  private static final String ROW = "%-26s  %-7s  %10s  %10s  %9s  %8s  %8s  %8s";
  private static final String FANOUT = "%7s  %5s  %12s  %17s  %7s  %8s  %8s  %8s  %8s  %12s  %9s";

  private final GatewayBenchReport report;
  private final Lines out = new Lines();

  GatewayReportTable(GatewayBenchReport report) {
    this.report = report;
  }

  String render() {
    GatewayBenchOptions o = report.options();
    out.line(
        "Herald's HTTP gateway: publishing over HTTP against Transport.append, and SSE fan-out");
    out.line(
        "  transport:  %s, %d partitions, a fresh one per measurement",
        report.transport(), BenchTransport.PARTITIONS);
    String label = "  sides:      ";
    for (String side : o.sides()) {
      out.line("%s%-7s  %s", label, side, side(side, o.publishers()));
      label = " ".repeat(label.length());
    }
    out.line(
        "  events:     structured CloudEvents with %d bytes of JSON data over %d partition keys;"
            + " the same events on both sides",
        GatewayEvents.DATA_SIZE, GatewayEvents.KEYS);
    out.line(
        "  publish:    each publisher publishes again as soon as its last publish returned (a"
            + " closed loop): %s of warm-up, then %s counted; latency is the time a publish took;"
            + " cpu is this JVM's CPU time per event, the HTTP clients' included",
        Lines.seconds(o.warmup().toMillis()), Lines.seconds(o.duration().toMillis()));
    out.line(
        "              median of %d round%s after a warm-up round, the order of the sides rotating"
            + " each round; max is the worst of those rounds",
        o.rounds(), o.rounds() == 1 ? "" : "s");
    out.line(
        "  fan-out:    SSE clients (a socket each, read by %d NIO threads in this JVM) on GET"
            + " /topics/T/stream, the shared live feed; events POSTed at a fixed rate over one"
            + " keep-alive connection, each with its intended publish time",
        FanoutPhase.READERS);
    out.line(
        "              each on a fresh gateway: %s of warm-up, then %s counted; latency from the"
            + " intended publish time to the client reading the event (coordinated omission"
            + " corrected); baseline: a Transport.subscribe poll loop in the bench on the same"
            + " topic; first a warm-up fan-out (%,d clients at %,d ev/s for %s), not counted",
        Lines.seconds(o.fanoutWarmup().toMillis()),
        Lines.seconds(o.fanoutDuration().toMillis()),
        Collections.min(o.clients()),
        Collections.max(o.rates()),
        Lines.seconds(o.fanoutWarmup().toMillis()));
    out.line(
        "              delivered: counted events received, out of clients x events;"
            + " dropped: clients the gateway dropped for falling behind or whose stream ended;"
            + " base p99: at the subscriber; cpu: this JVM's CPU time per delivery, the clients'"
            + " included");
    List<PublishSummary> summaries = report.summaries();
    if (!summaries.isEmpty()) {
      out.line("");
      out.line("%s", header());
      for (PublishSummary s : summaries) {
        out.line("%s", row(s));
      }
    }
    ratios();
    fanouts();
    out.targets(report.targets());
    out.line("");
    out.line("Publish rounds (w = warm-up, not counted):");
    out.line("%-5s  %s", "round", header());
    for (Publish m : report.publishes()) {
      out.line("%-5s  %s", m.round() == 0 ? "w" : m.round(), row(m));
    }
    return out.toString();
  }

  private static String side(String side, int publishers) {
    return side.equals("gateway")
        ? "POST /topics/T/events to a gateway in this JVM over "
            + publishers
            + " keep-alive HTTP/1.1 connections (plain sockets, a thread each), answered 202"
            + " once the transport holds the events"
        : "the same events as envelopes given to Transport.append from "
            + publishers
            + " threads, each waiting for its append: the baseline of the ratios";
  }

  private void ratios() {
    List<Ratio> ratios = report.ratios();
    if (ratios.isEmpty()) {
      return;
    }
    out.line("");
    out.line("%-26s  %s", "load", "gateway/direct, events/s");
    for (Ratio r : ratios) {
      out.line("%-26s  %.2fx", r.load().label(), r.eventsRatio());
    }
  }

  private void fanouts() {
    if (report.fanouts().isEmpty()) {
      return;
    }
    out.line("");
    out.line(
        FANOUT,
        "clients",
        "ev/s",
        "deliveries/s",
        "delivered",
        "dropped",
        "p50 ms",
        "p99 ms",
        "p99.9 ms",
        "max ms",
        "base p99 ms",
        "CPU us/dl");
    for (Fanout f : report.fanouts()) {
      out.line(
          FANOUT,
          String.format(Locale.ROOT, "%,d", f.clients()),
          String.format(Locale.ROOT, "%,d", f.rate()),
          Lines.rate(f.deliveriesPerSecond()),
          String.format(Locale.ROOT, "%,d/%,d", f.deliveries(), f.expected()),
          f.dropped() + f.disconnected(),
          millis(f.p50Millis()),
          millis(f.p99Millis()),
          millis(f.p999Millis()),
          millis(f.maxMillis()),
          millis(f.baselineP99Millis()),
          Lines.cpu(f.cpuMicrosPerDelivery()));
    }
  }

  private static String millis(double millis) {
    return Double.isNaN(millis) ? "-" : Lines.millis(millis);
  }

  private static String header() {
    return String.format(
        Locale.ROOT,
        ROW,
        "load",
        "side",
        "events/s",
        "requests/s",
        "CPU us/ev",
        "p50 ms",
        "p99 ms",
        "max ms");
  }

  private static String row(PublishFigures f) {
    return String.format(
        Locale.ROOT,
        ROW,
        f.load().label(),
        f.side(),
        Lines.rate(f.eventsPerSecond()),
        Lines.rate(f.requestsPerSecond()),
        Lines.cpu(f.cpuMicrosPerEvent()),
        Lines.millis(f.p50Millis()),
        Lines.millis(f.p99Millis()),
        Lines.millis(f.maxMillis()));
  }
}
