package dev.herald.bench;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The text of a report table, built line by line, and how every bench table writes its numbers. Not
 * thread-safe.
 */
final class Lines {
  private static final String TARGET = "  %-46s  %-17s  %-6s  %s";

  private final StringBuilder out = new StringBuilder();

  /** Appends {@code format} filled with {@code args} (in {@link Locale#ROOT}) and a line break. */
  @SuppressWarnings("AnnotateFormatMethod") // Error Prone's @FormatMethod is not a dependency
  Lines line(String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append(System.lineSeparator());
    return this;
  }

  /** Appends {@code text} as it is, without a line break. */
  Lines append(String text) {
    out.append(text);
    return this;
  }

  /** The preamble lines on the latency phase and on how rounds make the figures. */
  Lines phases(Workload w) {
    line(
        "  latency:    %,d events/s for %s (%,d events), publish to handler, against the"
            + " intended send time (coordinated omission corrected)",
        w.rate(), seconds(w.latencyDuration().toMillis()), w.latencyEvents());
    return line(
        "  figures:    median of %d round%s after a warm-up round, the order of the sides rotating"
            + " each round; max is the worst of those rounds",
        w.rounds(), w.rounds() == 1 ? "" : "s");
  }

  /**
   * The section with every round: a heading, {@code header} and a line per measurement, each led by
   * its round ({@code w} for the warm-up) and then {@code row} of it.
   */
  <M extends Measured> Lines rounds(
      String header, List<M> measurements, Function<? super M, String> row) {
    line("");
    line("Rounds (w = warm-up, not counted):");
    line("%-5s  %s", "round", header);
    for (M m : measurements) {
      line("%-5s  %s", m.round() == 0 ? "w" : m.round(), row.apply(m));
    }
    return this;
  }

  /**
   * The section with the targets, each with its goal, met/MISSED/n/a and the median judged,
   * then the verdict in one line.
   */
  Lines targets(List<Target> targets) {
    line("");
    line("Targets (from the issue), judged on the medians:");
    for (Target t : targets) {
      line(TARGET, t.what(), t.goal(), status(t.status()), t.result());
    }
    List<String> missed =
        targets.stream()
            .filter(t -> t.status() == Target.Status.MISSED)
            .map(t -> t.what() + " (" + t.result() + ")")
            .toList();
    long notMeasured =
        targets.stream().filter(t -> t.status() == Target.Status.NOT_MEASURED).count();
    String unjudged = notMeasured == 0 ? "" : " " + notMeasured + " not measured.";
    if (missed.isEmpty() && notMeasured == 0) {
      return line("Verdict: all %d targets met.", targets.size());
    }
    if (missed.isEmpty()) {
      return line(
          "Verdict: the %d measured targets met;%s", targets.size() - notMeasured, unjudged);
    }
    return line(
        "Verdict: %d of %d targets MISSED: %s.%s",
        missed.size(), targets.size(), String.join("; ", missed), unjudged);
  }

  private static String status(Target.Status status) {
    return switch (status) {
      case MET -> met(true);
      case MISSED -> met(false);
      case NOT_MEASURED -> "n/a";
    };
  }

  /**
   * The headers of the columns every bench table has, in the order of {@link #cells}: size, side,
   * throughput, CPU, p50, p99, max.
   */
  static List<String> headers() {
    return List.of("size", "side", "throughput (ev/s)", "CPU us/ev", "p50 ms", "p99 ms", "max ms");
  }

  /** The cells of the {@link #headers()} columns for {@code f}. */
  static List<String> cells(Figures f) {
    return List.of(
        size(f.size()),
        f.side(),
        rate(f.throughput()),
        cpu(f.cpuMicrosPerEvent()),
        millis(f.p50Millis()),
        millis(f.p99Millis()),
        millis(f.maxMillis()));
  }

  @Override
  public String toString() {
    return out.toString();
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

  /**
   * Milliseconds with three significant digits or so: {@code 0.043}, {@code 2.50}, {@code 25.8}.
   */
  static String millis(double millis) {
    String format = millis < 1 ? "%.3f" : millis < 10 ? "%.2f" : "%.1f";
    return String.format(Locale.ROOT, format, millis);
  }

  /** Events per second, whole, with thousands separators. */
  static String rate(double eventsPerSecond) {
    return String.format(Locale.ROOT, "%,.0f", eventsPerSecond);
  }

  /** CPU microseconds per event with one decimal, or {@code n/a} when the JVM cannot tell. */
  static String cpu(double micros) {
    return Double.isNaN(micros) ? "n/a" : String.format(Locale.ROOT, "%.1f", micros);
  }

  /** {@code 5 s} for whole seconds, else {@code 250 ms}. */
  static String seconds(long millis) {
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }

  /** {@code met} or {@code MISSED}, so that a miss stands out. */
  static String met(boolean met) {
    return met ? "met" : "MISSED";
  }
}
