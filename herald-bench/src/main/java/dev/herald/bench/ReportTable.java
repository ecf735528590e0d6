package dev.herald.bench;

import dev.herald.bench.KafkaBenchReport.Comparison;
import dev.herald.bench.KafkaBenchReport.Relative;
import dev.herald.bench.KafkaBenchReport.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Renders a {@link KafkaBenchReport} as the text {@code herald bench kafka} prints. */
final class ReportTable {
  private static final String TARGETS = "%-7s  %-23s  %-26s";
  private static final String CONTEXT = "  %-29s  %s";

  private static final Map<String, String> SIDES =
      Map.of(
          "herald",
          "EventBus.publishAsync to a handler in another service (CloudEvents binary mode)",
          "raw",
          "KafkaProducer to a KafkaConsumer poll loop, the bytes and no headers: the targets'"
              + " baseline",
          "cloudevents",
          "the same with the CloudEvents SDK's Kafka serializers, binary mode (ce_ headers):"
              + " context, no target");

  private final KafkaBenchReport report;
  private final Lines out = new Lines();

  ReportTable(KafkaBenchReport report) {
    this.report = report;
  }

  String render() {
    KafkaBenchOptions o = report.options();
    out.line("Herald vs raw kafka-clients on one broker: %s", report.broker());
    String label = "  sides:      ";
    for (String side : o.sides()) {
      out.line("%s%-11s  %s", label, side, SIDES.get(side));
      label = " ".repeat(label.length());
    }
    out.line(
        "  workload:   %d partitions, %d keys, the same producer and consumer settings (Herald's)",
        o.partitions(), o.keys());
    out.line(
        "  throughput: %,d events as fast as each side takes them, at most %,d unacknowledged;"
            + " first send to last receipt",
        o.events(), o.maxInFlight());
    out.line(
        "  cpu:        process CPU time per event over the throughput phase, every thread of this"
            + " JVM (%s); counted in OS ticks, 10 ms on Linux",
        o.bootstrap().isEmpty() ? "the embedded broker included" : "the broker runs elsewhere");
    out.phases(o);
    out.line("");
    out.line("%s", row(Lines.headers()));
    for (Summary s : report.summaries()) {
      out.line("%s", row(Lines.cells(s)));
    }
    out.line("");
    List<String> missed = comparisons();
    out.line("");
    out.line(
        "Targets: throughput >= %.2fx raw, added p99 <= %.0f ms.",
        KafkaBenchReport.TARGET_THROUGHPUT_RATIO, KafkaBenchReport.TARGET_ADDED_P99_MILLIS);
    int targets = report.comparisons().size() * 2;
    if (missed.isEmpty()) {
      out.line("Verdict: all %d targets met.", targets);
    } else {
      out.line(
          "Verdict: %d of %d targets MISSED: %s.",
          missed.size(), targets, String.join("; ", missed));
    }
    out.rounds(row(Lines.headers()), report.measurements(), m -> row(Lines.cells(m)));
    return out.toString();
  }

  /**
   * Herald against raw (the targets) and, when it ran, against cloudevents (context); returns the
   * targets missed.
   */
  private List<String> comparisons() {
    List<Comparison> comparisons = report.comparisons();
    boolean context = comparisons.stream().anyMatch(c -> c.cloudEvents().isPresent());
    if (context) {
      out.line(
          "%-7s  %-51s  %s", "", "targets, against raw", "context, no target: against cloudevents");
    }
    header(context);
    List<String> missed = new ArrayList<>();
    for (Comparison c : comparisons) {
      String ratio =
          String.format(
              Locale.ROOT, "%.2fx  %s", c.throughputRatio(), Lines.met(c.throughputMet()));
      String added =
          String.format(Locale.ROOT, "%+.2f ms  %s", c.addedP99Millis(), Lines.met(c.latencyMet()));
      String targets = String.format(Locale.ROOT, TARGETS, Lines.size(c.size()), ratio, added);
      Optional<Relative> ce = c.cloudEvents();
      out.append(context ? targets : targets.stripTrailing());
      if (ce.isPresent()) {
        out.append(
            String.format(
                Locale.ROOT,
                CONTEXT,
                String.format(Locale.ROOT, "%.2fx", ce.get().throughputRatio()),
                String.format(Locale.ROOT, "%+.2f ms", ce.get().addedP99Millis())));
      }
      out.append(System.lineSeparator());
      if (!c.throughputMet()) {
        missed.add(
            String.format(
                Locale.ROOT,
                "throughput at %s (%.2fx)",
                Lines.size(c.size()),
                c.throughputRatio()));
      }
      if (!c.latencyMet()) {
        missed.add(
            String.format(
                Locale.ROOT,
                "added p99 at %s (%+.2f ms)",
                Lines.size(c.size()),
                c.addedP99Millis()));
      }
    }
    return missed;
  }

  private void header(boolean context) {
    String targets =
        String.format(
            Locale.ROOT, TARGETS, "size", "throughput herald/raw", "added p99 (herald - raw)");
    out.append(context ? targets : targets.stripTrailing());
    if (context) {
      out.append(
          String.format(
              Locale.ROOT,
              CONTEXT,
              "throughput herald/cloudevents",
              "added p99 (herald - cloudevents)"));
    }
    out.append(System.lineSeparator());
  }

  private static String row(List<String> cells) {
    return String.format(Locale.ROOT, "%-7s  %-11s  %17s  %9s  %8s  %8s  %8s", cells.toArray());
  }
}
