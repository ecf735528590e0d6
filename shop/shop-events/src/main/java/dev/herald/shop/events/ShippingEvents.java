package dev.herald.shop.events;

import dev.herald.core.EventType;
import java.util.List;

/** Shipping: parcels for paid orders (topic {@code shop.shipping}). */
public final class ShippingEvents {
  private ShippingEvents() {}

  /** What shipping says about an order's parcel. */
  public sealed interface ShippingEvent permits ShipmentCreated, ShipmentShipped {
    /** The order shipped. */
    String orderId();
  }

  /** A parcel is being packed for the order. */
  @EventType(name = "shop.shipping.created", key = "orderId")
  public record ShipmentCreated(String orderId, String shipmentId) implements ShippingEvent {}

  /** The parcel left the warehouse. */
  @EventType(name = "shop.shipping.shipped", key = "orderId")
  public record ShipmentShipped(String orderId, String shipmentId) implements ShippingEvent {}

  /** To shipping, from the saga: send the order's lines to the customer. */
  @EventType(name = "shop.shipping.ship", key = "orderId", topic = "shop.shipping.commands")
  public record ShipOrder(String orderId, String customerId, List<Line> lines) {
    /** Copies the lines. */
    public ShipOrder {
      lines = List.copyOf(lines);
    }
  }
}
