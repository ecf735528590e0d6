package dev.herald.testkit;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Bounded polling for conditions that nothing signals, such as what a transport's topics hold:
 * look, and look again after a short pause, until the condition holds or the time is up. Stateless.
 */
public final class Await {
  private Await() {}

  /**
   * Looks at {@code probe} every {@code every} until {@code done} accepts what it returns, and
   * returns that.
   *
   * @throws AssertionError naming {@code what} and the last value seen if {@code timeout} passes
   *     first
   */
  public static <T> T until(
      String what, Duration timeout, Duration every, Supplier<T> probe, Predicate<? super T> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = probe.get();
    while (!done.test(last)) {
      if (System.nanoTime() - deadline > 0) {
        return fail("expected %s within %s, but the last look found %s", what, timeout, last);
      }
      Thread.sleep(every);
      last = probe.get();
    }
    return last;
  }
}
