package dev.herald.shop.analytics;

import dev.herald.shop.analytics.Figures.SkuQuantity;
import dev.herald.shop.events.Line;
import dev.herald.shop.events.OrderEvents.OrderPlaced;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The projection's state, keyed by what each fact is about (an order, a payment), so that a fact
 * applied twice changes nothing: redeliveries and duplicates are harmless without remembering event
 * ids. Thread-safe.
 */
final class ShopFigures {
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private final Clock clock;
  private final int topSkus;
  private final Map<String, Instant> placedAt = new HashMap<>();
  private final Map<String, Long> quantities = new HashMap<>();
  private final Set<String> converted = new HashSet<>();
  private final Set<String> shipped = new HashSet<>();
  private final Set<String> cancelled = new HashSet<>();
  private final Map<String, Long> captured = new HashMap<>();
  private final Map<String, Long> refunded = new HashMap<>();

  ShopFigures(Clock clock, int topSkus) {
    this.clock = clock;
    this.topSkus = topSkus;
  }

  synchronized void placed(OrderPlaced placed) {
    if (placedAt.putIfAbsent(placed.orderId(), placed.placedAt()) == null) {
      for (Line line : placed.lines()) {
        quantities.merge(line.sku(), (long) line.quantity(), Long::sum);
      }
    }
  }

  synchronized void converted(String orderId) {
    converted.add(orderId);
  }

  synchronized void shipped(String orderId) {
    converted.add(orderId);
    shipped.add(orderId);
  }

  synchronized void cancelled(String orderId) {
    cancelled.add(orderId);
  }

  synchronized void captured(String paymentId, long cents) {
    captured.put(paymentId, cents);
  }

  synchronized void refunded(String paymentId, long cents) {
    refunded.put(paymentId, cents);
  }

  synchronized Figures figures() {
    Instant now = clock.instant();
    Instant from = now.minus(MINUTE);
    long lastMinute =
        placedAt.values().stream().filter(t -> t.isAfter(from) && !t.isAfter(now)).count();
    long conversions = converted.stream().filter(placedAt::containsKey).count();
    long revenue =
        captured.values().stream().mapToLong(Long::longValue).sum()
            - refunded.values().stream().mapToLong(Long::longValue).sum();
    List<SkuQuantity> top =
        quantities.entrySet().stream()
            .map(e -> new SkuQuantity(e.getKey(), e.getValue()))
            .sorted(
                Comparator.comparingLong(SkuQuantity::quantity)
                    .reversed()
                    .thenComparing(SkuQuantity::sku))
            .limit(topSkus)
            .toList();
    return new Figures(
        now,
        lastMinute,
        placedAt.size(),
        conversions,
        shipped.stream().filter(placedAt::containsKey).count(),
        cancelled.stream().filter(placedAt::containsKey).count(),
        revenue,
        top);
  }
}
