package dev.herald.cli;

import dev.herald.shop.analytics.Figures;
import dev.herald.shop.inventory.Level;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The few lines {@code herald demo} redraws: orders by state, money, top SKUs, stock, dead letters
 * and the latest messages to customers. A pure function of what it is given. Immutable.
 *
 * @param figures the analytics service's figures
 * @param stock the stock of each SKU, in catalog order
 * @param deadLetters pending dead letters over every consumer group
 * @param latest the newest lines of the customers' messages, oldest first
 * @param uptime how long the shop has been running
 * @param rate the orders placed per second, 0 once the load stopped
 */
record ShopSummary(
    Figures figures,
    Map<String, Level> stock,
    int deadLetters,
    List<NotificationTail.Line> latest,
    Duration uptime,
    double rate) {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

  /** The lines to print, without line breaks. */
  List<String> lines() {
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "%s  up %s  %s",
            TIME.format(figures.at()),
            uptime(uptime),
            rate > 0
                ? "placing " + rate(rate) + (rate == 1 ? " order" : " orders") + " a second"
                : "placing no more orders"));
    lines.add(
        String.format(
            Locale.ROOT,
            "  Orders    %d placed: %d open, %d confirmed, %d shipped, %d cancelled; %d in the last"
                + " minute",
            figures.ordersPlaced(),
            figures.ordersOpen(),
            figures.ordersConverted() - figures.ordersShipped(),
            figures.ordersShipped(),
            figures.ordersCancelled(),
            figures.ordersLastMinute()));
    lines.add(
        String.format(
            Locale.ROOT,
            "  Revenue   %s net of refunds; conversion %.1f%%",
            money(figures.revenueCents()),
            100 * figures.conversion()));
    lines.add(
        "  Top SKUs  "
            + (figures.topSkus().isEmpty()
                ? "none yet"
                : figures.topSkus().stream()
                    .map(s -> s.sku() + " " + s.quantity())
                    .collect(Collectors.joining(", "))));
    int reserved = stock.values().stream().mapToInt(Level::reserved).sum();
    lines.add(
        "  Stock     "
            + stock.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue().available())
                .collect(Collectors.joining(", "))
            + (reserved == 0 ? "" : "; " + reserved + " reserved"));
    lines.add(
        "  Failures  "
            + (deadLetters == 0
                ? "no dead letters"
                : deadLetters
                    + (deadLetters == 1 ? " dead letter" : " dead letters")
                    + " (herald dlq list)"));
    String label = "  Messages  ";
    if (latest.isEmpty()) {
      lines.add(label + "none yet");
    }
    for (NotificationTail.Line line : latest) {
      lines.add(
          String.format(
              Locale.ROOT,
              "%s%s %-9s %-5s order %s",
              label,
              TIME.format(line.at()),
              line.step(),
              line.customerId(),
              shortId(line.orderId())));
      label = " ".repeat(label.length());
    }
    return lines;
  }

  private static String rate(double rate) {
    return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
  }

  static String money(long cents) {
    String sign = cents < 0 ? "-" : "";
    long abs = Math.abs(cents);
    return String.format(Locale.ROOT, "%s%,d.%02d", sign, abs / 100, abs % 100);
  }

  private static String uptime(Duration d) {
    long s = d.toSeconds();
    return s < 60
        ? s + "s"
        : s < 3600 ? (s / 60) + "m " + (s % 60) + "s" : (s / 3600) + "h " + (s % 3600 / 60) + "m";
  }

  private static String shortId(String id) {
    return id.length() <= 8 ? id : id.substring(0, 8);
  }
}
