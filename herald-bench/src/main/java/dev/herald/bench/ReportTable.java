package dev.herald.bench;

import dev.herald.bench.KafkaBenchReport.Comparison;
import dev.herald.bench.KafkaBenchReport.Measurement;
import dev.herald.bench.KafkaBenchReport.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Renders a {@link KafkaBenchReport} as the text {@code herald bench kafka} prints. */
final class ReportTable {
  private static final String ROW = "%-7s  %-6s  %17s  %8s  %8s  %8s%n";

  private final KafkaBenchReport report;
  private final StringBuilder out = new StringBuilder();

  ReportTable(KafkaBenchReport report) {
    this.report = report;
  }

  String render() {
    KafkaBenchOptions o = report.options();
    line("Herald vs raw kafka-clients on one broker: %s", report.broker());
    line(
        "  workload:   %d partitions, %d keys, the same producer and consumer settings (Herald's)",
        o.partitions(), o.keys());
    line(
        "  throughput: %,d events as fast as each side takes them, at most %,d unacknowledged;"
            + " first send to last receipt",
        o.events(), o.maxInFlight());
    line(
        "  latency:    %,d events/s for %s (%,d events), publish to handler, against the"
            + " intended send time (coordinated omission corrected)",
        o.rate(), seconds(o.latencyDuration().toMillis()), o.latencyEvents());
    line(
        "  figures:    median of %d round%s after a warm-up round, sides alternating; max is the"
            + " worst of those rounds",
        o.rounds(), o.rounds() == 1 ? "" : "s");
    line("");
    out.append(
        String.format(
            Locale.ROOT, ROW, "size", "side", "throughput (ev/s)", "p50 ms", "p99 ms", "max ms"));
    for (Summary s : report.summaries()) {
      row(size(s.size()), s.side(), s.throughput(), s.p50Millis(), s.p99Millis(), s.maxMillis());
    }
    line("");
    line("%-7s  %-34s  %s", "size", "throughput herald/raw", "added p99 (herald - raw)");
    List<String> missed = new ArrayList<>();
    for (Comparison c : report.comparisons()) {
      String ratio =
          String.format(Locale.ROOT, "%.2fx  %s", c.throughputRatio(), met(c.throughputMet()));
      String added =
          String.format(Locale.ROOT, "%+.2f ms  %s", c.addedP99Millis(), met(c.latencyMet()));
      line("%-7s  %-34s  %s", size(c.size()), ratio, added);
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
    out.append(
        String.format(
            Locale.ROOT,
            "%-5s  " + ROW,
            "round",
            "size",
            "side",
            "throughput (ev/s)",
            "p50 ms",
            "p99 ms",
            "max ms"));
    for (Measurement m : report.measurements()) {
      out.append(String.format(Locale.ROOT, "%-5s  ", m.round() == 0 ? "w" : m.round()));
      row(size(m.size()), m.side(), m.throughput(), m.p50Millis(), m.p99Millis(), m.maxMillis());
    }
    return out.toString();
  }

  private void row(
      String size, String side, double throughput, double p50, double p99, double max) {
    out.append(
        String.format(
            Locale.ROOT,
            ROW,
            size,
            side,
            String.format(Locale.ROOT, "%,.0f", throughput),
            millis(p50),
            millis(p99),
            millis(max)));
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
