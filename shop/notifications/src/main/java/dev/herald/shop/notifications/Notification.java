package dev.herald.shop.notifications;

import java.time.Instant;

/**
 * One message to a customer about one step of an order.
 *
 * @param at when it was sent
 * @param customerId who it went to
 * @param orderId the order it is about
 * @param step the step: placed, confirmed, shipped, cancelled, refunded
 * @param text what the customer reads
 */
public record Notification(
    Instant at, String customerId, String orderId, String step, String text) {

  /** Unique per order and step, such as {@code o-17/shipped}: a step is told once. */
  public String notificationId() {
    return orderId + "/" + step;
  }
}
