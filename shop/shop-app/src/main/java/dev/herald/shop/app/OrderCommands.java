package dev.herald.shop.app;

import dev.herald.core.EventBus;
import dev.herald.core.EventTypes;
import dev.herald.core.HandlerOptions;
import dev.herald.core.spi.Transport;
import dev.herald.shop.events.OrderEvents.CancelOrder;
import dev.herald.shop.events.OrderEvents.ConfirmOrder;
import dev.herald.shop.events.ShippingEvents.ShipmentShipped;
import dev.herald.shop.events.ShopEvents;
import dev.herald.shop.orders.OrdersService;
import java.time.Clock;

/**
 * Turns what the saga and shipping say about an order into decisions of the orders service: {@link
 * ConfirmOrder}, {@link CancelOrder} and {@link ShipmentShipped}. The orders service records orders
 * but reads nothing from the bus, so whoever runs it wires this in. Idempotent: the decisions are,
 * and a redelivered envelope is not handled again. A shipment heard of before its order's
 * confirmation (they travel on different topics) fails and is retried until the confirmation lands.
 */
final class OrderCommands implements AutoCloseable {
  /** The consumer group. */
  static final String GROUP = "shop-orders";

  private final EventBus bus;

  OrderCommands(OrdersService orders, Transport transport, Clock clock) {
    this.bus =
        EventBus.builder(GROUP)
            .transport(transport)
            .types(ShopEvents.register(new EventTypes()))
            .clock(clock)
            .build();
    HandlerOptions idempotent = HandlerOptions.builder().idempotent().build();
    bus.on(ConfirmOrder.class, (confirm, context) -> orders.confirm(confirm.orderId()), idempotent);
    bus.on(
        CancelOrder.class,
        (cancel, context) -> orders.cancel(cancel.orderId(), cancel.reason()),
        idempotent);
    bus.on(
        ShipmentShipped.class,
        (shipped, context) -> orders.markShipped(shipped.orderId(), shipped.shipmentId()),
        idempotent);
    bus.start();
  }

  /** Stops handling; commands under way finish. */
  @Override
  public void close() {
    bus.close();
  }
}
