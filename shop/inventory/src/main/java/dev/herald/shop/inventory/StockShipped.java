package dev.herald.shop.inventory;

import dev.herald.core.EventType;
import dev.herald.shop.events.Line;
import java.util.List;

/**
 * Inventory's own record that an order's reserved stock left in a parcel: its reservation is
 * settled and the stock is gone for good. Relayed to {@code shop.stock} like the others; services
 * that do not handle it skip it.
 */
@EventType(name = "shop.stock.shipped", key = "orderId")
public record StockShipped(String orderId, String shipmentId, List<Line> lines) {
  /** Copies the lines. */
  public StockShipped {
    lines = List.copyOf(lines);
  }
}
