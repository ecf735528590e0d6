package dev.herald.shop.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.Codec;
import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import dev.herald.shop.events.Line;
import dev.herald.shop.events.StockEvents.StockLevelChanged;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StockTest {
  @Test
  void apply_refusesANegativeLevel() {
    Stock stock = new Stock(Map.of("TEA", new Level(1, 0)), Map.of());

    assertThatThrownBy(() -> stock.apply(new StockLevelChanged("TEA", -1, 2)))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("stock never goes negative");
  }

  @Test
  void stockUp_addsOnlySkusNotStockedYet() {
    Stock stock = new Stock(Map.of("TEA", new Level(3, 1)), Map.of());

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
                new Reservation(Reservation.Status.REJECTED, List.of(), "POT is short")));
    Envelope envelope =
        Envelope.builder()
            .id("snapshot-1")
            .source("test")
            .type("herald.snapshot")
            .data(Codec.json().encode(stock))
            .build();

    assertThat(Codec.json().decode(envelope, Stock.class)).isEqualTo(stock);
  }
}
