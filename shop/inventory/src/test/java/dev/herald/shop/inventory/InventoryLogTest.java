package dev.herald.shop.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.EventTypes;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.log.LogEventStore;
import dev.herald.log.LogTransport;
import dev.herald.log.LogTransports;
import dev.herald.shop.events.Line;
import dev.herald.shop.events.ShopEvents;
import dev.herald.shop.events.StockEvents.ReserveStock;
import dev.herald.shop.events.StockEvents.StockRejected;
import dev.herald.shop.events.StockEvents.StockReserved;
import dev.herald.testkit.BusProbe;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InventoryLogTest {
  @TempDir Path directory;

  @Test
  void restart_keepsTheStockAndTheDecisions() throws Exception {
    List<Line> twoPots = List.of(new Line("POT", 2, 3_000));
    try (LogTransport transport = LogTransports.open("log:" + directory + "?partitions=1");
        EventStore store = LogEventStore.open(transport);
        InventoryService inventory =
            InventoryService.builder(store, transport)
                .catalog(InventoryServiceTest.CATALOG)
                .start();
        BusProbe facts =
            new BusProbe(
                transport,
                ShopEvents.register(new EventTypes()),
                InventoryServiceTest.FACTS,
                StockShipped.class)) {
      facts.send(new ReserveStock("o-1", twoPots));
      facts.await(StockReserved.class, "the reservation", s -> !s.isEmpty());
    }

    try (LogTransport transport = LogTransports.open("log:" + directory + "?partitions=1");
        EventStore store = LogEventStore.open(transport);
        InventoryService inventory =
            InventoryService.builder(store, transport)
                .catalog(InventoryServiceTest.CATALOG)
                .start();
        BusProbe facts =
            new BusProbe(
                transport,
                ShopEvents.register(new EventTypes()),
                InventoryServiceTest.FACTS,
                StockShipped.class)) {
      assertThat(inventory.levels()).containsEntry("POT", new Level(0, 2));
      facts.send(new ReserveStock("o-1", twoPots));
      facts.send(new ReserveStock("o-2", List.of(new Line("POT", 1, 3_000))));

      facts.await(StockRejected.class, "o-2 rejected", s -> !s.isEmpty());
      assertThat(facts.of(StockReserved.class))
          .extracting(StockReserved::orderId)
          .containsExactly("o-1");
      assertThat(inventory.levels()).containsEntry("POT", new Level(0, 2));
    }
  }
}
