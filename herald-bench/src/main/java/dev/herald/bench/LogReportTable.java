package dev.herald.bench;

import dev.herald.bench.LogBenchReport.Ratio;
import dev.herald.bench.LogBenchReport.Reporting;
import dev.herald.bench.LogBenchReport.Summary;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/** Renders a {@link LogBenchReport} as the text {@code herald bench log} prints. */
final class LogReportTable {
  /** Where the publishers figure goes among the columns every bench table has: after CPU. */
  private static final int PUBLISHERS_COLUMN = 4;

  private static final Map<String, String> SIDES =
      Map.of(
          "log-never",
          "EventBus.publishAsync to a handler in another service on log:DIR?fsync=never:"
              + " acknowledged once in the page cache",
          "log-unreported",
          "the same as log-never with both buses built with reportOutcomes(false): what outcome"
              + " reporting costs",
          "log-always",
          "the same on log:DIR?fsync=always: acknowledged after an fsync that concurrent appends"
              + " share",
          "kafka",
          "KafkaProducer to a KafkaConsumer poll loop, the bytes and no headers, Herald's client"
              + " settings: the baseline");

  private final LogBenchReport report;
  private final String row;
  private final Lines out = new Lines();

  LogReportTable(LogBenchReport report) {
    this.report = report;
    int publishers = publishersHeader().length();
    this.row = "%-7s  %-14s  %17s  %9s  %" + publishers + "s  %8s  %8s  %8s";
  }

  String render() {
    LogBenchOptions o = report.options();
    out.line("Herald on the embedded log vs raw kafka-clients, end to end in one JVM");
    String label = "  sides:      ";
    for (String side : o.sides()) {
      out.line("%s%-14s  %s", label, side, SIDES.get(side));
      label = " ".repeat(label.length());
    }
    out.line(
        "  logs:       a fresh directory per side, size and round in %s, deleted after each",
        report.logs());
    report.broker().ifPresent(broker -> out.line("  kafka:      %s", broker));
    out.line(
        "  workload:   %d partitions, %d keys, events of exactly each size on every side",
        o.partitions(), o.keys());
    out.line(
        "  throughput: %,d events from one thread as fast as each side takes them (publishAsync,"
            + " KafkaProducer.send), at most %,d unacknowledged; first send to last receipt",
        o.events(), o.maxInFlight());
    if (!o.sides().equals(List.of("kafka"))) {
      out.line(
          "  publishers: %,d events from %,d virtual threads, each calling the blocking"
              + " EventBus.publish; log sides only (a blocking Kafka send waits out linger.ms)",
          o.events(), o.publishers());
    }
    out.line(
        "  cpu:        process CPU time per event in the one-thread throughput phase, every thread"
            + " of this JVM%s; counted in OS ticks, 10 ms on Linux",
        cpuScope(o));
    out.phases(o);
    out.line("");
    out.line("%s", header());
    for (Summary s : report.summaries()) {
      out.line("%s", row(s, s.publishersThroughput()));
    }
    ratios();
    reporting();
    out.targets(report.targets());
    out.rounds(header(), report.measurements(), m -> row(m, m.publishersThroughput()));
    return out.toString();
  }

  private String cpuScope(LogBenchOptions o) {
    if (report.broker().isEmpty()) {
      return "";
    }
    return o.bootstrap().isEmpty()
        ? " (the embedded broker's too, idle during the log sides)"
        : " (the broker runs elsewhere)";
  }

  private void ratios() {
    List<Ratio> ratios = report.ratios();
    if (ratios.isEmpty()) {
      return;
    }
    out.line("");
    out.line("%-7s  %s", "size", "throughput from one thread, over kafka's");
    for (int size : report.options().sizes()) {
      StringBuilder line = new StringBuilder();
      for (Ratio r : ratios) {
        if (r.size() == size) {
          line.append(
              String.format(Locale.ROOT, "  %s/kafka %.2fx", r.side(), r.throughputRatio()));
        }
      }
      if (!line.isEmpty()) {
        out.line("%-7s%s", Lines.size(size), line);
      }
    }
  }

  private void reporting() {
    List<Reporting> reporting = report.reporting();
    if (reporting.isEmpty()) {
      return;
    }
    out.line("");
    out.line("%-7s  %s", "size", "outcome reporting: log-never (on) against log-unreported (off)");
    for (Reporting r : reporting) {
      out.line(
          "%-7s  log-never/log-unreported throughput %.2fx  p99 %+.3f ms",
          Lines.size(r.size()), r.throughputRatio(), r.p99DifferenceMillis());
    }
  }

  private String header() {
    List<String> headers = new ArrayList<>(Lines.headers());
    headers.add(PUBLISHERS_COLUMN, publishersHeader());
    return String.format(Locale.ROOT, row, headers.toArray());
  }

  private String row(Figures f, OptionalDouble publishers) {
    List<String> cells = new ArrayList<>(Lines.cells(f));
    cells.add(
        PUBLISHERS_COLUMN, publishers.isPresent() ? Lines.rate(publishers.getAsDouble()) : "-");
    return String.format(Locale.ROOT, row, cells.toArray());
  }

  private String publishersHeader() {
    return report.options().publishers() + " publishers (ev/s)";
  }
}
