package dev.herald.bench;

import java.io.PrintWriter;

/**
 * Where a running bench shows what it is doing: a status line that is replaced as it changes.
 * Called from the bench's progress thread.
 */
public interface BenchProgress {
  /** Shows {@code status}, replacing the previous one. */
  void show(String status);

  /** The bench finished: the status line is cleared or ended. */
  void done();

  /** Shows nothing. */
  static BenchProgress none() {
    return new BenchProgress() {
      @Override
      public void show(String status) {}

      @Override
      public void done() {}
    };
  }

  /**
   * Writes to {@code out}: on a terminal ({@code overwrite}) one line rewritten in place, otherwise
   * one line per status, at most every few seconds.
   */
  static BenchProgress line(PrintWriter out, boolean overwrite) {
    return new ProgressLine(out, overwrite);
  }
}
