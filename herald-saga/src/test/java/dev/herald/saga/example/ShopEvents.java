package dev.herald.saga.example;

import dev.herald.core.EventType;

/**
 * The shop's events and commands that fulfilment reacts to and sends: facts in the past tense from
 * the other services, commands in the imperative from the saga. All keyed by order id.
 */
public final class ShopEvents {
  private ShopEvents() {}

  /** Orders: a customer placed an order. */
  @EventType(name = "shop.order.placed", key = "orderId")
  public record OrderPlaced(String orderId, String sku, int quantity, long cents) {}

  /** Inventory: the stock is put aside for the order. */
  @EventType(name = "shop.stock.reserved", key = "orderId")
  public record StockReserved(String orderId) {}

  /** Inventory: not enough stock. */
  @EventType(name = "shop.stock.rejected", key = "orderId")
  public record StockRejected(String orderId, String reason) {}

  /** Payments: the money is taken. */
  @EventType(name = "shop.payment.captured", key = "orderId")
  public record PaymentCaptured(String orderId) {}

  /** Payments: the charge failed. */
  @EventType(name = "shop.payment.failed", key = "orderId")
  public record PaymentFailed(String orderId, String reason) {}

  /** Shipping: the parcel left. */
  @EventType(name = "shop.shipping.shipped", key = "orderId")
  public record OrderShipped(String orderId) {}

  /** To inventory: put stock aside. */
  @EventType(name = "shop.stock.reserve", key = "orderId")
  public record ReserveStock(String orderId, String sku, int quantity) {}

  /** To inventory: give the stock put aside back. */
  @EventType(name = "shop.stock.release", key = "orderId")
  public record ReleaseStock(String orderId, String sku, int quantity) {}

  /** To payments: take the money. */
  @EventType(name = "shop.payment.charge", key = "orderId")
  public record ChargePayment(String orderId, long cents) {}

  /** To shipping: send the parcel. */
  @EventType(name = "shop.shipping.ship", key = "orderId")
  public record ShipOrder(String orderId, String sku, int quantity) {}

  /** To orders: the order is off, and why. */
  @EventType(name = "shop.order.cancel", key = "orderId")
  public record CancelOrder(String orderId, String reason) {}
}
