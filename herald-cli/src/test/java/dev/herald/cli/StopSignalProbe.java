package dev.herald.cli;

import java.util.concurrent.CountDownLatch;

/**
 * A command whose shutdown never finishes, run as a child process by {@link StopSignalTest}: it
 * prints {@code running}, and {@code stopping} once Ctrl-C reached it, then waits forever.
 */
final class StopSignalProbe {
  private StopSignalProbe() {}

  public static void main(String[] args) throws InterruptedException {
    CountDownLatch never = new CountDownLatch(1);
    try (StopSignal signal =
        StopSignal.onShutdown(
            () -> {
              System.out.println("stopping");
              System.out.flush();
            })) {
      System.out.println("running");
      System.out.flush();
      never.await();
      signal.haltIfSignalled(0);
    }
  }
}
