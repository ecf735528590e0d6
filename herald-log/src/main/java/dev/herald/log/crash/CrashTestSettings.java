package dev.herald.log.crash;

import dev.herald.core.HeraldException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How a crash test of the log transport runs.
 *
 * @param directory a directory of its own for the log and the child's error output
 * @param cycles how many times the publishing child is killed with SIGKILL and restarted
 * @param keys how many keys the child publishes, one thread and one event in flight per key
 * @param shortestRun least time a child publishes before it is killed
 * @param longestRun most time a child publishes before it is killed
 * @param seed the seed of the random kill moments, for repeating a run
 */
public record CrashTestSettings(
    Path directory, int cycles, int keys, Duration shortestRun, Duration longestRun, long seed) {
  /** Checks the settings. */
  public CrashTestSettings {
    if (cycles < 1 || cycles > 10_000) {
      throw new HeraldException("cycles=" + cycles + " must be from 1 to 10000");
    }
    if (keys < 1 || keys > 1000) {
      throw new HeraldException("keys=" + keys + " must be from 1 to 1000");
    }
    if (shortestRun.isNegative() || longestRun.compareTo(shortestRun) < 0) {
      throw new HeraldException(
          "the run time of a child must be a range from 0 up, was "
              + shortestRun
              + " to "
              + longestRun);
    }
  }

  /** {@code cycles} cycles in {@code directory}: 16 keys, children killed after 0.3 to 1.5 s. */
  public static CrashTestSettings of(Path directory, int cycles) {
    return new CrashTestSettings(
        directory, cycles, 16, Duration.ofMillis(300), Duration.ofMillis(1500), System.nanoTime());
  }
}
