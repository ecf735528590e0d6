package dev.herald.shop.events;

/**
 * One line of an order: so many of one SKU at the unit price it had when the order was placed.
 *
 * @param sku the catalog's stock-keeping unit, such as {@code TEA-GREEN}
 * @param quantity how many, at least 1
 * @param unitCents the price of one, in cents
 */
public record Line(String sku, int quantity, long unitCents) {
  /** The line's price in cents: quantity times unit price. */
  public long cents() {
    return quantity * unitCents;
  }
}
