package dev.herald.shop.events;

import dev.herald.core.HeraldException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the shop sells: SKUs with their price and the stock the shop starts with. Immutable and
 * thread-safe.
 */
public final class Catalog {
  /**
   * One thing the shop sells.
   *
   * @param sku the stock-keeping unit, such as {@code TEA-GREEN}: upper-case letters, digits,
   *     dashes
   * @param name what a customer reads
   * @param unitCents the price of one, in cents, more than 0
   * @param initialStock how many the shop has before any order, 0 or more
   */
  public record Item(String sku, String name, long unitCents, int initialStock) {
    /** Checks the item. */
    public Item {
      if (sku == null || !sku.matches("[A-Z0-9][A-Z0-9-]{0,39}")) {
        throw new HeraldException(
            "a SKU is 1 to 40 upper-case letters, digits and dashes, was '" + sku + "'");
      }
      if (name == null || name.isBlank()) {
        throw new HeraldException("item " + sku + " needs a name");
      }
      if (unitCents <= 0) {
        throw new HeraldException("item " + sku + " needs a price above 0, was " + unitCents);
      }
      if (initialStock < 0) {
        throw new HeraldException("item " + sku + " has stock " + initialStock + "; 0 or more");
      }
    }
  }

  private final Map<String, Item> items;

  private Catalog(Map<String, Item> items) {
    this.items = items;
  }

  /**
   * A catalog of {@code items}.
   *
   * @throws HeraldException if it is empty or lists a SKU twice
   */
  public static Catalog of(List<Item> items) {
    Map<String, Item> bySku = new LinkedHashMap<>();
    for (Item item : items) {
      if (bySku.putIfAbsent(item.sku(), item) != null) {
        throw new HeraldException("the catalog lists SKU " + item.sku() + " twice");
      }
    }
    if (bySku.isEmpty()) {
      throw new HeraldException("a catalog needs at least one item");
    }
    return new Catalog(bySku);
  }

  /** The demo shop's catalog: a tea shop with enough stock for a few hundred orders. */
  public static Catalog standard() {
    return of(
        List.of(
            new Item("TEA-GREEN", "Green tea, 100 g", 650, 400),
            new Item("TEA-BLACK", "Black tea, 100 g", 550, 400),
            new Item("TEA-OOLONG", "Oolong, 100 g", 1_200, 200),
            new Item("POT-CAST", "Cast-iron teapot", 4_900, 60),
            new Item("CUP-SET", "Four cups", 2_400, 80),
            new Item("KETTLE", "Gooseneck kettle", 7_500, 30)));
  }

  /** The item with {@code sku}, if the shop sells it. */
  public Optional<Item> find(String sku) {
    return Optional.ofNullable(items.get(sku));
  }

  /** Every item, in the order they were listed. */
  public List<Item> items() {
    return List.copyOf(items.values());
  }
}
