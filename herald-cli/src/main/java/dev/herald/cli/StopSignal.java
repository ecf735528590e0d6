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
  private volatile boolean signalled;

  private StopSignal(Runnable onStop) {
    this.hook =
        new Thread(
            () -> {
              signalled = true;
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

  /**
   * Ends the JVM at once with {@code status} if a JVM shutdown (Ctrl-C, SIGTERM) is what stopped
   * the command; does nothing otherwise. Without it the JVM would exit with 128 + the signal number
   * once the shutdown hooks are done. Call it when the command has finished cleanly and flushed its
   * output, while this signal is still open.
   */
  void haltIfSignalled(int status) {
    if (signalled) {
      Runtime.getRuntime().halt(status);
    }
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
