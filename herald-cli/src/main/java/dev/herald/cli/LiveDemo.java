package dev.herald.cli;

import dev.herald.core.DeadLetterFilter;
import dev.herald.core.DeadLetters;
import dev.herald.shop.app.LoadGenerator;
import dev.herald.shop.app.ShopApp;
import dev.herald.shop.inventory.Level;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code herald demo} without {@code --exit}: places orders at a rate and redraws a {@link
 * ShopSummary} every few seconds until stopped. On a terminal the summary is redrawn in place;
 * elsewhere (a file, a pipe) each one is printed below the last, less often.
 */
final class LiveDemo {
  private static final Duration ON_TERMINAL = Duration.ofSeconds(2);
  private static final Duration ELSEWHERE = Duration.ofSeconds(10);
  private static final int LATEST = 4;

  private final ShopApp shop;
  private final PrintWriter out;
  private final boolean terminal;
  private final Path directory;
  private int drawn;

  LiveDemo(ShopApp shop, PrintWriter out, boolean terminal, Path directory) {
    this.shop = shop;
    this.out = out;
    this.terminal = terminal;
    this.directory = directory;
  }

  /** Says what runs, where, and how to look and stop. */
  void printHeader(boolean temporary, List<String> notes) {
    out.println("Herald demo: the shop's seven services exchange events in this process.");
    out.println(
        "  Data           "
            + directory
            + (temporary ? " (deleted at the end)" : " (run again to continue from it)"));
    out.println("  Orders API     " + shop.ordersUri() + "/orders");
    out.println("  Messages       " + shop.notificationsLog());
    notes.forEach(note -> out.println("  " + note));
    out.println("Press Ctrl-C to stop.");
    out.println();
    out.flush();
  }

  /**
   * Places {@code rate} orders a second (up to {@code orders}, if given) and redraws the summary
   * until {@code stop} opens or {@code duration} passes; then prints the summary a last time.
   */
  void run(double rate, Optional<Integer> orders, Optional<Duration> duration, CountDownLatch stop)
      throws InterruptedException {
    long started = System.nanoTime();
    long end = duration.map(d -> started + d.toNanos()).orElse(Long.MAX_VALUE);
    Duration every = terminal ? ON_TERMINAL : ELSEWHERE;
    try (LoadGenerator load = LoadGenerator.of(shop.orders(), shop.settings().seed())) {
      load.start(rate, orders.map(Integer::longValue).orElse(Long.MAX_VALUE));
      while (true) {
        draw(Duration.ofNanos(System.nanoTime() - started), load.isRunning() ? rate : 0);
        long wait = Math.min(every.toNanos(), end - System.nanoTime());
        if (wait <= 0 || stop.await(wait, TimeUnit.NANOSECONDS)) {
          break;
        }
      }
    }
    out.println("Stopping…");
    out.flush();
  }

  private void draw(Duration uptime, double rate) {
    List<String> lines = summary(uptime, rate).lines();
    if (terminal && drawn > 0) {
      // back to the first line of the last summary, and clear from there down
      out.print("\033[" + drawn + "F\033[J");
    }
    lines.forEach(out::println);
    if (!terminal) {
      out.println();
    }
    out.flush();
    drawn = lines.size();
  }

  private ShopSummary summary(Duration uptime, double rate) {
    Map<String, Level> levels = shop.inventory().levels();
    Map<String, Level> stock = new LinkedHashMap<>();
    shop.catalog().items().forEach(item -> stock.put(item.sku(), levels.get(item.sku())));
    stock.values().removeIf(Objects::isNull);
    int deadLetters = 0;
    for (String group : shop.consumerGroups()) {
      deadLetters += DeadLetters.of(shop.transport(), group).list(DeadLetterFilter.all()).size();
    }
    return new ShopSummary(
        shop.analytics().figures(),
        stock,
        deadLetters,
        NotificationTail.last(shop.notificationsLog(), LATEST),
        uptime,
        rate);
  }
}
