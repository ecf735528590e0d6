package dev.herald.shop.events;

import dev.herald.core.EventType;
import java.util.List;

/**
 * Inventory: reservations of stock for orders (topic {@code shop.stock}) and stock levels per SKU
 * (topic {@code shop.stock.levels}). A reservation is all of an order's lines or none.
 */
public final class StockEvents {
  private StockEvents() {}

  /** What inventory says about an order's stock. */
  public sealed interface StockEvent permits StockReserved, StockRejected, StockReleased {
    /** The order the stock is for. */
    String orderId();
  }

  /** Every line of the order is put aside. */
  @EventType(name = "shop.stock.reserved", key = "orderId")
  public record StockReserved(String orderId, List<Line> lines) implements StockEvent {
    /** Copies the lines. */
    public StockReserved {
      lines = List.copyOf(lines);
    }
  }

  /** Not enough stock for at least one line; nothing is put aside. */
  @EventType(name = "shop.stock.rejected", key = "orderId")
  public record StockRejected(String orderId, String reason) implements StockEvent {}

  /** The stock put aside for the order is available again (the order was cancelled). */
  @EventType(name = "shop.stock.released", key = "orderId")
  public record StockReleased(String orderId, List<Line> lines) implements StockEvent {
    /** Copies the lines. */
    public StockReleased {
      lines = List.copyOf(lines);
    }
  }

  /**
   * The stock of one SKU changed: {@code available} can be reserved, {@code reserved} is put aside
   * for orders not shipped yet. Neither is ever negative.
   */
  @EventType(name = "shop.stock.level.changed", key = "sku", topic = "shop.stock.levels")
  public record StockLevelChanged(String sku, int available, int reserved) {}

  /** To inventory, from the saga: put stock aside for every line of the order. */
  @EventType(name = "shop.stock.reserve", key = "orderId", topic = "shop.stock.commands")
  public record ReserveStock(String orderId, List<Line> lines) {
    /** Copies the lines. */
    public ReserveStock {
      lines = List.copyOf(lines);
    }
  }

  /** To inventory, from the saga: give back what was put aside for the order. */
  @EventType(name = "shop.stock.release", key = "orderId", topic = "shop.stock.commands")
  public record ReleaseStock(String orderId, List<Line> lines) {
    /** Copies the lines. */
    public ReleaseStock {
      lines = List.copyOf(lines);
    }
  }
}
