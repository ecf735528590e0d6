package dev.herald.shop.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.Codec;
import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import dev.herald.shop.events.Catalog;
import dev.herald.shop.events.Line;
import dev.herald.shop.events.StockEvents.StockLevelChanged;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StockTest {
  @Test
  void apply_refusesANegativeLevel() {
    Stock stock = new Stock(Map.of("TEA", new Level(1, 0)), Map.of(), Map.of());

    assertThatThrownBy(() -> stock.apply(new StockLevelChanged("TEA", -1, 2)))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("stock never goes negative");
  }

  @Test
  void stockUp_addsOnlySkusNotStockedYet() {
    Stock stock = new Stock(Map.of("TEA", new Level(3, 1)), Map.of(), Map.of());

    assertThat(stock.stockUp(InventoryServiceTest.CATALOG))
        .containsExactly(new StockLevelChanged("POT", 2, 0));
  }

  @Test
  void snapshot_jsonRoundTrip_keepsLevelsAndReservations() {
    Stock stock =
        new Stock(
            Map.of("TEA", new Level(3, 1), "POT", new Level(0, 2)),
            Map.of(
                "o-1",
                new Reservation(Reservation.Status.RESERVED, List.of(new Line("TEA", 1, 500)), ""),
                "o-2",
                new Reservation(Reservation.Status.REJECTED, List.of(), "POT is short")),
            Map.of("POT", 12));
    Envelope envelope =
        Envelope.builder()
            .id("snapshot-1")
            .source("test")
            .type("herald.snapshot")
            .data(Codec.json().encode(stock))
            .build();

    assertThat(Codec.json().decode(envelope, Stock.class)).isEqualTo(stock);
  }

  @Test
  void snapshotFromBeforeDeliveries_readsWithNoneReceived() {
    Envelope envelope =
        Envelope.builder()
            .id("snapshot-0")
            .source("test")
            .type("herald.snapshot")
            .data(
                "{\"levels\":{\"TEA\":{\"available\":3,\"reserved\":0}},\"reservations\":{}}"
                    .getBytes(StandardCharsets.UTF_8))
            .build();

    Stock stock = Codec.json().decode(envelope, Stock.class);

    assertThat(stock.received()).isEmpty();
    assertThat(stock.levels()).containsEntry("TEA", new Level(3, 0));
  }

  @Test
  void restock_bringsSkusBelowHalfTheirInitialStockBackToIt_keepingWhatIsReserved() {
    Catalog catalog =
        Catalog.of(
            List.of(
                new Catalog.Item("TEA", "Tea", 500, 100),
                new Catalog.Item("POT", "Pot", 4_000, 10),
                new Catalog.Item("CUP", "Cup", 900, 20)));
    Stock stock =
        Stock.none()
            .apply(new StockLevelChanged("TEA", 49, 3))
            .apply(new StockLevelChanged("POT", 5, 0))
            .apply(new StockLevelChanged("CUP", 0, 0));

    List<Record> delivery = stock.restock(catalog);

    assertThat(delivery)
        .containsExactly(
            new StockReceived("TEA", 51),
            new StockLevelChanged("TEA", 100, 3),
            new StockReceived("CUP", 20),
            new StockLevelChanged("CUP", 20, 0));
    Stock after = stock;
    for (Record event : delivery) {
      after = after.apply(event);
    }
    assertThat(after.received()).containsOnly(Map.entry("TEA", 51), Map.entry("CUP", 20));
    assertThat(after.restock(catalog)).as("nothing more is due").isEmpty();
  }
}
