package dev.herald.shop.analytics;

import java.time.Instant;
import java.util.List;

/**
 * The shop's figures at one moment. Immutable.
 *
 * @param at when they were taken, on the service's clock
 * @param ordersLastMinute orders placed in the minute up to {@code at}
 * @param ordersPlaced every order placed so far
 * @param ordersConverted orders placed that were confirmed or shipped
 * @param ordersShipped orders placed that were shipped
 * @param ordersCancelled orders placed that were cancelled
 * @param revenueCents the sum of captured payments less refunds, in cents
 * @param topSkus the most ordered SKUs by quantity, most first (ties by SKU)
 */
public record Figures(
    Instant at,
    long ordersLastMinute,
    long ordersPlaced,
    long ordersConverted,
    long ordersShipped,
    long ordersCancelled,
    long revenueCents,
    List<SkuQuantity> topSkus) {

  /** Copies the list. */
  public Figures {
    topSkus = List.copyOf(topSkus);
  }

  /** Orders placed that are neither confirmed, shipped nor cancelled yet. */
  public long ordersOpen() {
    return ordersPlaced - ordersConverted - ordersCancelled;
  }

  /** Orders confirmed or shipped ÷ orders placed; 0 before the first order. */
  public double conversion() {
    return ordersPlaced == 0 ? 0 : (double) ordersConverted / ordersPlaced;
  }

  /**
   * How many of one SKU were ordered.
   *
   * @param sku the SKU
   * @param quantity the sum of its quantities over every order placed
   */
  public record SkuQuantity(String sku, long quantity) {}
}
