package dev.herald.bench;

import java.io.PrintWriter;

/** {@link BenchProgress#line}: a status line on a terminal, or sparse lines in a log. */
final class ProgressLine implements BenchProgress {
  private static final long LOG_INTERVAL_NANOS = 5_000_000_000L;

  private final PrintWriter out;
  private final boolean overwrite;
  private int shown;
  private long lastLogged = System.nanoTime() - LOG_INTERVAL_NANOS;

  ProgressLine(PrintWriter out, boolean overwrite) {
    this.out = out;
    this.overwrite = overwrite;
  }

  @Override
  public synchronized void show(String status) {
    if (overwrite) {
      // Spaces wipe what a longer previous status left on the line.
      out.print("\r" + status + " ".repeat(Math.max(0, shown - status.length())));
      shown = status.length();
    } else if (System.nanoTime() - lastLogged >= LOG_INTERVAL_NANOS) {
      out.println(status);
      lastLogged = System.nanoTime();
    }
    out.flush();
  }

  @Override
  public synchronized void done() {
    if (overwrite && shown > 0) {
      out.print("\r" + " ".repeat(shown) + "\r");
      shown = 0;
    }
    out.flush();
  }
}
