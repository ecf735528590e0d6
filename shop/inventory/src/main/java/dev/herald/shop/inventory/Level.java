package dev.herald.shop.inventory;

import dev.herald.core.HeraldException;

/**
 * The stock of one SKU.
 *
 * @param available how many can be reserved, 0 or more
 * @param reserved how many are put aside for orders not shipped yet, 0 or more
 */
public record Level(int available, int reserved) {
  /**
   * Checks the invariant: stock is never negative.
   *
   * @throws HeraldException if either count is below 0
   */
  public Level {
    if (available < 0 || reserved < 0) {
      throw new HeraldException(
          "stock never goes negative, but a change would leave "
              + available
              + " available and "
              + reserved
              + " reserved; this is a bug in the inventory's decisions");
    }
  }
}
