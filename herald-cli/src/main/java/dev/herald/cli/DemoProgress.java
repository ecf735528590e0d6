package dev.herald.cli;

import dev.herald.core.Envelope;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What {@code herald demo} shows: one line per event the notifications service sees, a line when an
 * order's flow is complete, and the counts for the summary. Thread-safe; handlers of several
 * services call it at once.
 */
final class DemoProgress {
  /** Events in one order's flow: placed, stock reserved, payment captured. */
  static final int STEPS = 3;

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneId.systemDefault());

  @SuppressWarnings("InlineFormatString") // a text block reads better apart from the code
  private static final String HEADER =
      """
      Herald demo: four services of a shop exchange events on %s.
        orders         %-37s -> shop.order.placed
        inventory      on shop.order.placed reserves stock   -> shop.stock.reserved
        payments       on shop.stock.reserved takes payment  -> shop.payment.captured
        notifications  reports every step below
      Each line: time, publishing service, event type, order, event id, the correlation
      id every event of one order shares, and the id of the event that caused it.
      %s""";

  private final PrintWriter out;
  private final String arrow;
  private final int target;
  private final Runnable onTarget;
  private final AtomicInteger placed = new AtomicInteger();
  private final AtomicInteger handled = new AtomicInteger();
  private final Map<String, Long> placedAt = new ConcurrentHashMap<>();
  private final Map<String, Set<String>> stepsByOrder = new ConcurrentHashMap<>();
  private final Set<String> completed = ConcurrentHashMap.newKeySet();

  /**
   * @param unicode whether the terminal shows an arrow
   * @param target orders to complete before {@code onTarget} runs; 0 for no target
   */
  DemoProgress(PrintWriter out, boolean unicode, int target, Runnable onTarget) {
    this.out = out;
    this.arrow = unicode ? "\u2192" : "->";
    this.target = target;
    this.onTarget = onTarget;
  }

  /** Prints what runs, how it stops, and {@code notes} (such as where metrics are served). */
  void printHeader(String where, double rate, Optional<Integer> orders, List<String> notes) {
    String perSecond = rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    String stop =
        orders
            .map(
                n ->
                    "Stops once " + count(n, "order") + (n == 1 ? " has" : " have") + " completed.")
            .orElse("Press Ctrl-C to stop.");
    print(
        String.format(
            Locale.ROOT, HEADER, where, "places " + perSecond + " orders a second", stop));
    notes.forEach(this::print);
    print("");
  }

  /** Prints the counts, after the services stopped. */
  void printSummary(Duration elapsed) {
    print(
        String.format(
            Locale.ROOT,
            "%nSummary: %s placed, %d completed, %s handled in %.1f s.",
            count(placed.get(), "order"),
            completed.size(),
            count(handled.get(), "event"),
            elapsed.toMillis() / 1000.0));
  }

  /** Order {@code orderId} is about to be published. */
  void placing(String orderId) {
    placedAt.put(orderId, System.nanoTime());
    placed.incrementAndGet();
  }

  /** A service handled an event. */
  void handled() {
    handled.incrementAndGet();
  }

  /** The notifications service saw {@code envelope}, a step of {@code customer}'s order. */
  void step(Envelope envelope, String orderId, String customer) {
    handled();
    String cause = envelope.causationId().map(id -> "  caused by " + shortId(id)).orElse("");
    print(
        String.format(
            Locale.ROOT,
            "%s  %-9s %s %-21s  order %-5s  id %s  correlation %s%s",
            TIME.format(envelope.time().orElseGet(Instant::now)),
            envelope.source(),
            arrow,
            envelope.type(),
            orderId,
            shortId(envelope.id()),
            shortId(envelope.correlationId().orElse(envelope.id())),
            cause));
    Set<String> steps = stepsByOrder.computeIfAbsent(orderId, k -> ConcurrentHashMap.newKeySet());
    steps.add(envelope.type());
    if (steps.size() == STEPS && completed.add(orderId)) {
      long started = placedAt.getOrDefault(orderId, System.nanoTime());
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      print(
          String.format(
              Locale.ROOT,
              "%s  notifications: order %s complete after %d ms, customer %s notified",
              TIME.format(Instant.now()),
              orderId,
              millis,
              customer));
      if (target > 0 && completed.size() >= target) {
        onTarget.run();
      }
    }
  }

  /** Orders whose whole flow the notifications service has seen. */
  int completed() {
    return completed.size();
  }

  private void print(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  // The end, not the start: a UUIDv7 starts with its millisecond, which events of one order share.
  private static String shortId(String id) {
    return id.length() <= 8 ? id : id.substring(id.length() - 8);
  }
}
