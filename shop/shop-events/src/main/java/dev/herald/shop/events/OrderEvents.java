package dev.herald.shop.events;

import dev.herald.core.EventType;
import java.time.Instant;
import java.util.List;

/** Orders: what happens to an order (topic {@code shop.order}) and what it is told to do. */
public final class OrderEvents {
  private OrderEvents() {}

  /** What the orders service records about an order, in its stream {@code order-<id>}. */
  public sealed interface OrderEvent
      permits OrderPlaced, OrderConfirmed, OrderCancelled, OrderShipped {
    /** The order the event is about. */
    String orderId();
  }

  /**
   * A customer placed an order; it starts fulfilment.
   *
   * @param lines the lines, each SKU once, priced from the catalog at the time
   * @param totalCents the sum of the lines
   */
  @EventType(name = "shop.order.placed", key = "orderId")
  public record OrderPlaced(
      String orderId, String customerId, List<Line> lines, long totalCents, Instant placedAt)
      implements OrderEvent {
    /** Copies the lines. */
    public OrderPlaced {
      lines = List.copyOf(lines);
    }
  }

  /** Stock is reserved and the payment captured: the order will be shipped. */
  @EventType(name = "shop.order.confirmed", key = "orderId")
  public record OrderConfirmed(String orderId) implements OrderEvent {}

  /** The order is off, and why (stock rejected, payment failed, payment timed out…). */
  @EventType(name = "shop.order.cancelled", key = "orderId")
  public record OrderCancelled(String orderId, String reason) implements OrderEvent {}

  /** The order's parcel left the warehouse; a final state. */
  @EventType(name = "shop.order.shipped", key = "orderId")
  public record OrderShipped(String orderId, String shipmentId) implements OrderEvent {}

  /** To orders, from the saga: the order is confirmed. */
  @EventType(name = "shop.order.confirm", key = "orderId", topic = "shop.order.commands")
  public record ConfirmOrder(String orderId) {}

  /** To orders, from the saga: the order is off, and why. */
  @EventType(name = "shop.order.cancel", key = "orderId", topic = "shop.order.commands")
  public record CancelOrder(String orderId, String reason) {}
}
