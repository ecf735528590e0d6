package dev.herald.shop.inventory;

import dev.herald.eventstore.Aggregate;

/**
 * The inventory as one event-sourced entity: stream {@code inventory-all}, folded by {@link
 * Stock#apply}. One stream, because a reservation spans several SKUs and must take all or none: one
 * append to one stream is atomic and guarded by its version, so no two decisions can both take the
 * last items; the demo's few dozen orders a second are far below what one stream takes.
 */
final class InventoryAggregate implements Aggregate<Stock, Record> {
  /** The stream category of the inventory. */
  static final String CATEGORY = "inventory";

  /** The id of the one inventory entity. */
  static final String ID = "all";

  @Override
  public String category() {
    return CATEGORY;
  }

  @Override
  public Stock initial() {
    return Stock.none();
  }

  @Override
  public Stock apply(Stock stock, Record event) {
    return stock.apply(event);
  }
}
