package dev.herald.bench;

import dev.herald.bench.EventStoreBenchReport.Measurement;
import dev.herald.bench.EventStoreBenchReport.Ratio;
import dev.herald.bench.EventStoreBenchReport.Summary;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Renders an {@link EventStoreBenchReport} as the text {@code herald bench eventstore} prints. */
final class EventStoreReportTable {
  private static final String ROW = "%-21s  %-15s  %10s  %10s  %9s  %8s  %8s  %8s";

  private static final Map<String, String> SIDES =
      Map.of(
          "embedded-never",
          "LogEventStore on a log of its own, fsync=never: acknowledged once in the page cache",
          "embedded-always",
          "the same with fsync=always: acknowledged after an fsync that concurrent appends share",
          "postgres",
          "PostgresEventStore, a pool of "
              + EventStoreBenchOptions.WRITERS
              + " connections: one transaction per append",
          "jdbc",
          "plain pgjdbc INSERTs of the same rows into a copy of the store's events table (LIKE"
              + " events INCLUDING ALL), a connection per writer, autocommit off, one commit per"
              + " append (executeBatch for a batch): the baseline of the ratios");

  private final EventStoreBenchReport report;
  private final Lines out = new Lines();

  EventStoreReportTable(EventStoreBenchReport report) {
    this.report = report;
  }

  String render() {
    EventStoreBenchOptions o = report.options();
    out.line("Herald's event store backends vs raw JDBC inserts of the same rows, in one JVM");
    String label = "  sides:      ";
    for (String side : o.sides()) {
      out.line("%s%-15s  %s", label, side, SIDES.get(side));
      label = " ".repeat(label.length());
    }
    report.postgres().ifPresent(pg -> out.line("  postgres:   %s", pg));
    report
        .logs()
        .ifPresent(
            logs ->
                out.line(
                    "  logs:       a fresh store and directory per side, load and round in %s,"
                        + " deleted after each",
                    logs));
    out.line(
        "  loads:      %s; platform threads, each appending to streams of its own (%,d events"
            + " each) with exact expected versions, again as soon as its last append returned",
        String.join("; ", o.loads().stream().map(AppendLoad::label).toList()),
        AppendPhase.STREAM_EVENTS);
    out.line(
        "  events:     a random UUID id, type %s, %d bytes of JSON data, metadata %s (one per"
            + " append); the same code makes them for every side",
        EventRows.TYPE, EventRows.DATA_SIZE, EventRows.CORRELATION_ID);
    out.line(
        "  figures:    appends returned in %s after %s of warm-up, per side, load and round;"
            + " latency is the time an append call took; cpu is this JVM's CPU time per event"
            + " (PostgreSQL's own is not counted)",
        Lines.seconds(o.duration().toMillis()), Lines.seconds(o.warmup().toMillis()));
    out.line(
        "              median of %d round%s, the order of the sides rotating each round; max is"
            + " the worst of those rounds",
        o.rounds(), o.rounds() == 1 ? "" : "s");
    out.line("");
    out.line("%s", header());
    for (Summary s : report.summaries()) {
      out.line("%s", row(s));
    }
    ratios();
    out.targets(report.targets());
    out.line("");
    out.line("Rounds:");
    out.line("%-5s  %s", "round", header());
    for (Measurement m : report.measurements()) {
      out.line("%-5d  %s", m.round(), row(m));
    }
    return out.toString();
  }

  private void ratios() {
    List<Ratio> ratios = report.ratios();
    if (ratios.isEmpty()) {
      return;
    }
    out.line("");
    out.line("%-21s  %s", "load", "postgres/jdbc, events/s");
    for (Ratio r : ratios) {
      out.line("%-21s  %.2fx", r.load().label(), r.eventsRatio());
    }
  }

  private static String header() {
    return String.format(
        Locale.ROOT,
        ROW,
        "load",
        "side",
        "events/s",
        "appends/s",
        "CPU us/ev",
        "p50 ms",
        "p99 ms",
        "max ms");
  }

  private static String row(AppendFigures f) {
    return String.format(
        Locale.ROOT,
        ROW,
        f.load().label(),
        f.side(),
        Lines.rate(f.eventsPerSecond()),
        Lines.rate(f.appendsPerSecond()),
        Lines.cpu(f.cpuMicrosPerEvent()),
        Lines.millis(f.p50Millis()),
        Lines.millis(f.p99Millis()),
        Lines.millis(f.maxMillis()));
  }
}
