package dev.herald.bench;

import dev.herald.bench.KafkaBenchReport.Comparison;
import dev.herald.bench.KafkaBenchReport.Measurement;
import dev.herald.bench.KafkaBenchReport.Relative;
import dev.herald.bench.KafkaBenchReport.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Renders a {@link KafkaBenchReport} as the text {@code herald bench kafka} prints. */
final class ReportTable {
  private static final String ROW = "%-7s  %-11s  %17s  %9s  %8s  %8s  %8s";
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
  private final StringBuilder out = new StringBuilder();

  ReportTable(KafkaBenchReport report) {
    this.report = report;
  }

  String render() {
    KafkaBenchOptions o = report.options();
    line("Herald vs raw kafka-clients on one broker: %s", report.broker());
    String label = "  sides:      ";
    for (String side : o.sides()) {
      line("%s%-11s  %s", label, side, SIDES.get(side));
      label = " ".repeat(label.length());
    }
    line(
        "  workload:   %d partitions, %d keys, the same producer and consumer settings (Herald's)",
        o.partitions(), o.keys());
    line(
        "  throughput: %,d events as fast as each side takes them, at most %,d unacknowledged;"
            + " first send to last receipt",
        o.events(), o.maxInFlight());
    line(
        "  cpu:        process CPU time per event over the throughput phase, every thread of this"
            + " JVM (%s); counted in OS ticks, 10 ms on Linux",
        o.bootstrap().isEmpty() ? "the embedded broker included" : "the broker runs elsewhere");
    line(
        "  latency:    %,d events/s for %s (%,d events), publish to handler, against the"
            + " intended send time (coordinated omission corrected)",
        o.rate(), seconds(o.latencyDuration().toMillis()), o.latencyEvents());
    line(
        "  figures:    median of %d round%s after a warm-up round, the order of the sides rotating"
            + " each round; max is the worst of those rounds",
        o.rounds(), o.rounds() == 1 ? "" : "s");
    line("");
    line(ROW, "size", "side", "throughput (ev/s)", "CPU us/ev", "p50 ms", "p99 ms", "max ms");
    for (Summary s : report.summaries()) {
      row(
          s.size(),
          s.side(),
          s.throughput(),
          s.cpuMicrosPerEvent(),
          s.p50Millis(),
          s.p99Millis(),
          s.maxMillis());
    }
    line("");
    List<String> missed = comparisons();
    line("");
    line(
        "Targets: throughput >= %.2fx raw, added p99 <= %.0f ms.",
        KafkaBenchReport.TARGET_THROUGHPUT_RATIO, KafkaBenchReport.TARGET_ADDED_P99_MILLIS);
    int targets = report.comparisons().size() * 2;
    if (missed.isEmpty()) {
      line("Verdict: all %d targets met.", targets);
    } else {
      line(
          "Verdict: %d of %d targets MISSED: %s.",
          missed.size(), targets, String.join("; ", missed));
    }
    line("");
    line("Rounds (w = warm-up, not counted):");
    line(
        "%-5s  " + ROW,
        "round",
        "size",
        "side",
        "throughput (ev/s)",
        "CPU us/ev",
        "p50 ms",
        "p99 ms",
        "max ms");
    for (Measurement m : report.measurements()) {
      out.append(String.format(Locale.ROOT, "%-5s  ", m.round() == 0 ? "w" : m.round()));
      row(
          m.size(),
          m.side(),
          m.throughput(),
          m.cpuMicrosPerEvent(),
          m.p50Millis(),
          m.p99Millis(),
          m.maxMillis());
    }
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
      line(
          "%-7s  %-51s  %s", "", "targets, against raw", "context, no target: against cloudevents");
    }
    header(context);
    List<String> missed = new ArrayList<>();
    for (Comparison c : comparisons) {
      String ratio =
          String.format(Locale.ROOT, "%.2fx  %s", c.throughputRatio(), met(c.throughputMet()));
      String added =
          String.format(Locale.ROOT, "%+.2f ms  %s", c.addedP99Millis(), met(c.latencyMet()));
      String targets = String.format(Locale.ROOT, TARGETS, size(c.size()), ratio, added);
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
                Locale.ROOT, "throughput at %s (%.2fx)", size(c.size()), c.throughputRatio()));
      }
      if (!c.latencyMet()) {
        missed.add(
            String.format(
                Locale.ROOT, "added p99 at %s (%+.2f ms)", size(c.size()), c.addedP99Millis()));
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

  private void row(
      int size, String side, double throughput, double cpu, double p50, double p99, double max) {
    line(
        ROW,
        size(size),
        side,
        String.format(Locale.ROOT, "%,.0f", throughput),
        Double.isNaN(cpu) ? "n/a" : String.format(Locale.ROOT, "%.1f", cpu),
        millis(p50),
        millis(p99),
        millis(max));
  }

  @SuppressWarnings("AnnotateFormatMethod") // Error Prone's @FormatMethod is not a dependency
  private void line(String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
  }

  private static String met(boolean met) {
    return met ? "met" : "MISSED";
  }

  private static String millis(double millis) {
    return String.format(Locale.ROOT, millis < 10 ? "%.2f" : "%.1f", millis);
  }

  private static String seconds(long millis) {
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }

  /** {@code 100 B}, {@code 1 KiB}, {@code 1536 B}. */
  static String size(int bytes) {
    if (bytes >= 1024 && bytes % (1024 * 1024) == 0) {
      return bytes / (1024 * 1024) + " MiB";
    }
    if (bytes >= 1024 && bytes % 1024 == 0) {
      return bytes / 1024 + " KiB";
    }
    return bytes + " B";
  }
}
