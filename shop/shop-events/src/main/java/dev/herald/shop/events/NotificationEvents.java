package dev.herald.shop.events;

import dev.herald.core.EventType;

/** Notifications: messages to customers (topic {@code shop.notification}). */
public final class NotificationEvents {
  private NotificationEvents() {}

  /**
   * A message about one step of an order went to its customer; sent once per step, even when the
   * event that caused it is delivered again.
   *
   * @param notificationId unique per order and step, such as {@code o-17/shipped}
   * @param step the step told about: placed, confirmed, cancelled, shipped…
   * @param text what the customer reads
   */
  @EventType(name = "shop.notification.sent", key = "orderId")
  public record NotificationSent(
      String notificationId, String orderId, String customerId, String step, String text) {}
}
