package dev.herald.core;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waits for a state that no event announces, such as a gauge that is read on demand: checks the
 * condition every millisecond until it holds, and fails after {@link #WAIT}.
 */
final class Conditions {
  static final Duration WAIT = Duration.ofSeconds(10);

  private Conditions() {}

  static void until(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        fail("%s did not happen within %s", what, WAIT);
      }
      LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
    }
  }
}
