package dev.herald.shop.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.HeraldException;
import dev.herald.shop.events.Catalog.Item;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogTest {
  @Test
  void standard_sellsPricedItemsWithStock() {
    Catalog catalog = Catalog.standard();

    assertThat(catalog.items()).hasSizeGreaterThanOrEqualTo(5);
    assertThat(catalog.find("TEA-GREEN")).map(Item::unitCents).contains(650L);
    assertThat(catalog.find("NO-SUCH-SKU")).isEmpty();
  }

  @Test
  void of_rejectsASkuListedTwice() {
    Item tea = new Item("TEA", "Tea", 100, 1);

    assertThatThrownBy(() -> Catalog.of(List.of(tea, tea)))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("TEA twice");
  }

  @Test
  void item_rejectsFreeItemsNegativeStockAndOddSkus() {
    assertThatThrownBy(() -> new Item("TEA", "Tea", 0, 1)).hasMessageContaining("price above 0");
    assertThatThrownBy(() -> new Item("TEA", "Tea", 1, -1)).hasMessageContaining("0 or more");
    assertThatThrownBy(() -> new Item("tea green", "Tea", 1, 1)).hasMessageContaining("SKU");
  }
}
