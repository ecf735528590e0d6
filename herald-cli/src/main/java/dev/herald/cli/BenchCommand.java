package dev.herald.cli;

import picocli.CommandLine.Command;

/** Placeholder, replaced in this change. */
@Command(name = "bench", description = "Measure Herald against a baseline and print the figures.")
final class BenchCommand implements Runnable {
  @Override
  public void run() {
    throw new UnsupportedOperationException("bench is not written yet");
  }
}
