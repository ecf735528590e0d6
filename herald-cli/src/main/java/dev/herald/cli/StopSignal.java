package dev.herald.cli;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C for a long-running command: while open, the JVM's shutdown runs {@code onStop} and then
 * waits (up to a grace period) until the command has finished and closed this signal, so that the
 * command can commit, close its transport and print its last lines before the JVM exits. A second
 * Ctrl-C (or SIGTERM) while it waits ends the JVM at once, with status 130.
 */
final class StopSignal implements AutoCloseable {
  private static final Duration GRACE = Duration.ofSeconds(20);

  /** The exit status of a forced stop: 128 + SIGINT, as shells report Ctrl-C. */
  static final int FORCED = 130;

  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;
  private volatile boolean signalled;

  private StopSignal(Runnable onStop) {
    this.hook =
        new Thread(
            () -> {
              signalled = true;
              forceOnNextSignal();
              onStop.run();
              try {
                finished.await(GRACE.toMillis(), TimeUnit.MILLISECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "herald-stop");
  }

  /**
   * From now on Ctrl-C and SIGTERM end the JVM at once: the JVM itself ignores signals once its
   * shutdown has begun, so without this a second Ctrl-C could not cut a slow shutdown short.
   */
  private static void forceOnNextSignal() {
    // sun.misc.Signal through reflection: compiling against it directly is a warning, which the
    // build treats as an error; it is in jdk.unsupported, which every JDK ships.
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object handler =
          Proxy.newProxyInstance(
              StopSignal.class.getClassLoader(),
              new Class<?>[] {handlerClass},
              (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                  System.err.println(
                      "Stopped at once (second signal); work in flight is redelivered.");
                  System.err.flush();
                  Runtime.getRuntime().halt(FORCED);
                }
                return switch (method.getName()) {
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" ->
                      System.identityHashCode(proxy) == System.identityHashCode(args[0]);
                  case "toString" -> "herald force-stop";
                  default -> null;
                };
              });
      for (String name : new String[] {"INT", "TERM"}) {
        Object signal = signalClass.getConstructor(String.class).newInstance(name);
        signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
      }
    } catch (ReflectiveOperationException | RuntimeException e) {
      // No such signal or API here: the grace period still bounds the wait.
    }
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
