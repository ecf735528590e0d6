package dev.herald.cli;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C for a long-running command: while open, the JVM's shutdown runs {@code onStop} and then
 * waits (up to a grace period) until the command has finished and closed this signal, so that the
 * command can commit, close its transport and print its last lines before the JVM exits.
 */
final class StopSignal implements AutoCloseable {
  private static final Duration GRACE = Duration.ofSeconds(20);

  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;

  private StopSignal(Runnable onStop) {
    this.hook =
        new Thread(
            () -> {
              onStop.run();
              try {
                finished.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "herald-stop");
  }

  /** Runs {@code onStop} on Ctrl-C (or any JVM shutdown) until {@link #close()}. */
  static StopSignal onShutdown(Runnable onStop) {
    StopSignal signal = new StopSignal(onStop);
    Runtime.getRuntime().addShutdownHook(signal.hook);
    return signal;
  }

  /** The command has finished: a pending shutdown may proceed, a later one does nothing here. */
  @Override
  public void close() {
    finished.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is shutting down already; the hook is running and now sees the latch open.
    }
  }
}
