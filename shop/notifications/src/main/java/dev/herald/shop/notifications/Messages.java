package dev.herald.shop.notifications;

import java.util.Locale;

/** What the customer reads at each step. Stateless. */
final class Messages {
  private Messages() {}

  static String placed(String orderId, int items, long cents) {
    return "Thank you! We received your order "
        + orderId
        + " of "
        + items
        + (items == 1 ? " item" : " items")
        + " for "
        + money(cents)
        + ".";
  }

  static String confirmed(String orderId) {
    return "Your order " + orderId + " is paid and confirmed; we are packing it.";
  }

  static String shipped(String orderId, String shipmentId) {
    return "Your order " + orderId + " is on its way (shipment " + shipmentId + ").";
  }

  static String cancelled(String orderId, String reason) {
    return "We are sorry: your order " + orderId + " was cancelled (" + reason + ").";
  }

  static String refunded(String orderId, long cents) {
    return "We refunded " + money(cents) + " for your order " + orderId + ".";
  }

  private static String money(long cents) {
    return String.format(Locale.ROOT, "%d.%02d", cents / 100, cents % 100);
  }
}
