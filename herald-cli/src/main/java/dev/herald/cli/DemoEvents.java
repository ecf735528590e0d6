package dev.herald.cli;

import dev.herald.core.EventType;

/** The events of {@code herald demo}: each type has its own topic, keyed by order id. */
final class DemoEvents {
  private DemoEvents() {}

  /** The orders service took an order. */
  @EventType(name = "shop.order.placed", key = "orderId")
  record OrderPlaced(
      String orderId, String customerId, String sku, int quantity, long totalCents) {}

  /** The inventory service set the goods of an order aside. */
  @EventType(name = "shop.stock.reserved", key = "orderId")
  record StockReserved(
      String orderId, String customerId, String sku, int quantity, long totalCents) {}

  /** The payments service charged the customer for an order. */
  @EventType(name = "shop.payment.captured", key = "orderId")
  record PaymentCaptured(String orderId, String customerId, long amountCents) {}
}
