package dev.herald.cli;

import dev.herald.shop.analytics.Figures;
import dev.herald.shop.app.Invariant;
import dev.herald.shop.app.Invariants;
import dev.herald.shop.app.LoadGenerator;
import dev.herald.shop.app.ShopApp;
import dev.herald.shop.app.ShopReport;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code herald demo --orders N --exit}: places the orders, shows progress on standard error while
 * they settle, and returns the shop's {@link ShopReport} once every invariant holds or the timeout
 * passed. Standard output is left to the caller, for the report alone.
 */
final class CheckedRun {
  private static final Duration LOOK_EVERY = Duration.ofMillis(100);

  private final ShopApp shop;
  private final PrintWriter err;
  private final boolean terminal;

  CheckedRun(ShopApp shop, PrintWriter err, boolean terminal) {
    this.shop = shop;
    this.err = err;
    this.terminal = terminal;
  }

  /**
   * Places {@code orders} orders, at {@code rate} a second if given, else one after the other as
   * fast as the shop takes them, then waits up to {@code timeout} for the invariants.
   */
  ShopReport run(int orders, Optional<Double> rate, Duration timeout) throws InterruptedException {
    Instant since = shop.settings().clock().instant();
    long started = System.nanoTime();
    ScheduledExecutorService progress =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "demo-progress");
              thread.setDaemon(true);
              return thread;
            });
    try (LoadGenerator load = LoadGenerator.of(shop.orders(), shop.settings().seed())) {
      Duration every = terminal ? Duration.ofMillis(500) : Duration.ofSeconds(5);
      var unused =
          progress.scheduleAtFixedRate(
              () -> printProgress(load.placed().size(), orders, started),
              every.toMillis(),
              every.toMillis(),
              TimeUnit.MILLISECONDS);
      if (rate.isPresent()) {
        load.start(rate.get(), orders);
        while (load.isRunning()) {
          Thread.sleep(LOOK_EVERY);
        }
      } else {
        load.place(orders);
      }
      ShopReport report = Invariants.of(shop, timeout, LOOK_EVERY).await(since);
      progress.shutdown();
      progress.awaitTermination(1, TimeUnit.SECONDS);
      printProgress(load.placed().size(), orders, started);
      err.println(terminal ? "" : "settled");
      err.flush();
      return report;
    } finally {
      progress.shutdownNow();
    }
  }

  private void printProgress(int placed, int orders, long started) {
    Figures figures = shop.analytics().figures();
    String line =
        String.format(
            Locale.ROOT,
            "placed %d of %d orders; %d shipped, %d cancelled, %d on their way; %.1f s",
            placed,
            orders,
            figures.ordersShipped(),
            figures.ordersCancelled(),
            figures.ordersOpen() + figures.ordersConverted() - figures.ordersShipped(),
            (System.nanoTime() - started) / 1e9);
    synchronized (err) {
      if (terminal) {
        err.print("\r\033[K" + line);
      } else {
        err.println(line);
      }
      err.flush();
    }
  }

  /** One line naming every invariant that does not hold, and what was found. */
  static String broken(ShopReport report) {
    return "Invariants broken: "
        + report.invariants().stream()
            .filter(i -> !i.ok())
            .map(CheckedRun::describe)
            .collect(Collectors.joining("; "));
  }

  private static String describe(Invariant invariant) {
    return invariant.name() + " (" + invariant.detail() + ")";
  }
}
