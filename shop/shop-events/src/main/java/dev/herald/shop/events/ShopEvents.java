package dev.herald.shop.events;

import dev.herald.core.EventTypes;
import java.util.List;

/** Every event and command record of the shop, to register them at once. Stateless. */
public final class ShopEvents {
  private ShopEvents() {}

  /** The shop's record classes: facts first, then commands, area by area. */
  public static List<Class<?>> all() {
    return List.of(
        OrderEvents.OrderPlaced.class,
        OrderEvents.OrderConfirmed.class,
        OrderEvents.OrderCancelled.class,
        OrderEvents.OrderShipped.class,
        OrderEvents.ConfirmOrder.class,
        OrderEvents.CancelOrder.class,
        StockEvents.StockReserved.class,
        StockEvents.StockRejected.class,
        StockEvents.StockReleased.class,
        StockEvents.StockLevelChanged.class,
        StockEvents.ReserveStock.class,
        StockEvents.ReleaseStock.class,
        PaymentEvents.PaymentCaptured.class,
        PaymentEvents.PaymentFailed.class,
        PaymentEvents.PaymentRefunded.class,
        PaymentEvents.ChargePayment.class,
        PaymentEvents.RefundPayment.class,
        ShippingEvents.ShipmentCreated.class,
        ShippingEvents.ShipmentShipped.class,
        ShippingEvents.ShipOrder.class,
        NotificationEvents.NotificationSent.class);
  }

  /** Registers every shop record in {@code types} and returns it. */
  public static EventTypes register(EventTypes types) {
    for (Class<?> type : all()) {
      types.of(type);
    }
    return types;
  }
}
