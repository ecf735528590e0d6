package dev.herald.shop.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.EventTypes;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.memory.InMemoryEventStore;
import dev.herald.shop.events.Catalog;
import dev.herald.shop.events.Line;
import dev.herald.shop.events.ShippingEvents.ShipmentShipped;
import dev.herald.shop.events.ShopEvents;
import dev.herald.shop.events.StockEvents.ReleaseStock;
import dev.herald.shop.events.StockEvents.ReserveStock;
import dev.herald.shop.events.StockEvents.StockLevelChanged;
import dev.herald.shop.events.StockEvents.StockRejected;
import dev.herald.shop.events.StockEvents.StockReleased;
import dev.herald.shop.events.StockEvents.StockReserved;
import dev.herald.testkit.BusProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InventoryServiceTest {
  static final Catalog CATALOG =
      Catalog.of(
          List.of(
              new Catalog.Item("TEA", "Tea", 500, 10), new Catalog.Item("POT", "Pot", 3_000, 2)));
  static final List<Line> TEA_AND_POT = List.of(new Line("TEA", 3, 500), new Line("POT", 1, 3_000));
  static final List<Class<?>> FACTS =
      List.of(
          StockReserved.class,
          StockRejected.class,
          StockReleased.class,
          StockShipped.class,
          StockLevelChanged.class);

  // one partition: a later command is decided after the earlier ones, so its outcome marks them
  // done
  private Transport transport = Transports.memory(1);
  private final EventStore store = new InMemoryEventStore();
  private InventoryService inventory;
  private BusProbe facts;

  private void start() {
    inventory = InventoryService.builder(store, transport).catalog(CATALOG).start();
    facts =
        new BusProbe(transport, ShopEvents.register(new EventTypes()), FACTS, StockShipped.class);
  }

  @AfterEach
  void stop() {
    facts.close();
    inventory.close();
    store.close();
    transport.close();
  }

  /**
   * Reserves one tea for {@code orderId} and waits for the outcome: everything sent before is
   * decided.
   */
  private void barrier(String orderId) throws Exception {
    barrier(orderId, List.of(new Line("TEA", 1, 500)));
  }

  /** Reserves {@code lines} for {@code orderId} and waits until the reservation is out. */
  private void barrier(String orderId, List<Line> lines) throws Exception {
    facts.send(new ReserveStock(orderId, lines));
    facts.await(
        StockReserved.class,
        "the barrier " + orderId,
        seen -> seen.stream().anyMatch(r -> r.orderId().equals(orderId)));
  }

  @Test
  void reserve_putsAsideEveryLineAndPublishesTheLevels() throws Exception {
    start();
    facts.send(new ReserveStock("o-1", TEA_AND_POT));

    assertThat(facts.await(StockReserved.class, "a reservation", seen -> !seen.isEmpty()))
        .containsExactly(new StockReserved("o-1", TEA_AND_POT));
    facts.await(
        StockLevelChanged.class,
        "levels of both SKUs after the reservation",
        seen ->
            seen.contains(new StockLevelChanged("TEA", 7, 3))
                && seen.contains(new StockLevelChanged("POT", 1, 1)));
    assertThat(inventory.levels())
        .isEqualTo(Map.of("TEA", new Level(7, 3), "POT", new Level(1, 1)));
  }

  @Test
  void reserve_rejectsTheWholeOrderNamingTheShortSku() throws Exception {
    start();
    facts.send(
        new ReserveStock("o-1", List.of(new Line("TEA", 3, 500), new Line("POT", 5, 3_000))));

    List<StockRejected> rejected =
        facts.await(StockRejected.class, "a rejection", s -> !s.isEmpty());
    assertThat(rejected)
        .singleElement()
        .satisfies(
            r ->
                assertThat(r.reason())
                    .contains("POT is short: 5 wanted, 2 available")
                    .doesNotContain("TEA"));
    barrier("o-2");
    assertThat(inventory.levels())
        .containsEntry("POT", new Level(2, 0))
        .containsEntry("TEA", new Level(9, 1));
    assertThat(facts.of(StockReserved.class))
        .extracting(StockReserved::orderId)
        .containsExactly("o-2");
  }

  @Test
  void reserve_sameEnvelopeTwice_reservesOnce() throws Exception {
    start();
    facts.send(new ReserveStock("o-1", TEA_AND_POT), "command-1", 2);
    barrier("o-2");

    assertThat(facts.of(StockReserved.class))
        .extracting(StockReserved::orderId)
        .containsExactly("o-1", "o-2");
    assertThat(inventory.levels())
        .containsEntry("TEA", new Level(6, 4))
        .containsEntry("POT", new Level(1, 1));
  }

  @Test
  void reserve_sameOrderAgainWithANewId_answersNothingNewAndReservesOnce() throws Exception {
    start();
    facts.send(new ReserveStock("o-1", TEA_AND_POT));
    facts.send(new ReserveStock("o-1", TEA_AND_POT));
    facts.send(new ReserveStock("o-3", List.of(new Line("POT", 9, 3_000))));
    facts.send(new ReserveStock("o-3", List.of(new Line("POT", 1, 3_000))));
    barrier("o-2");

    assertThat(facts.of(StockReserved.class))
        .extracting(StockReserved::orderId)
        .containsExactly("o-1", "o-2");
    assertThat(facts.of(StockRejected.class))
        .extracting(StockRejected::orderId)
        .containsExactly("o-3");
    assertThat(inventory.reservation("o-3"))
        .get()
        .extracting(Reservation::status)
        .isEqualTo(Reservation.Status.REJECTED);
    assertThat(inventory.levels())
        .containsEntry("TEA", new Level(6, 4))
        .containsEntry("POT", new Level(1, 1));
  }

  @Test
  void release_givesTheStockBackOnce() throws Exception {
    start();
    facts.send(new ReserveStock("o-1", TEA_AND_POT));
    facts.send(new ReleaseStock("o-1", TEA_AND_POT), "release-1", 2);
    facts.send(new ReleaseStock("o-1", TEA_AND_POT));
    facts.send(new ReleaseStock("never-reserved", TEA_AND_POT));
    barrier("o-2");

    assertThat(facts.of(StockReleased.class))
        .containsExactly(new StockReleased("o-1", TEA_AND_POT));
    assertThat(inventory.levels())
        .containsEntry("TEA", new Level(9, 1))
        .containsEntry("POT", new Level(2, 0));
    assertThat(inventory.reservation("never-reserved")).isEmpty();
  }

  @Test
  void shipped_takesTheReservedStockForGood() throws Exception {
    start();
    // commands and shipping facts travel on different topics: wait for each step's outcome
    barrier("o-1", TEA_AND_POT);
    barrier("o-2", List.of(new Line("TEA", 1, 500)));
    facts.send(new ShipmentShipped("o-1", "s-1"), "shipped-1", 2);
    facts.send(new ShipmentShipped("o-1", "s-1"));
    facts.send(new ShipmentShipped("o-2", "s-2")); // one partition: handled after o-1's three
    facts.await(StockShipped.class, "o-2 shipped", seen -> seen.size() >= 2);
    facts.send(new ReleaseStock("o-1", TEA_AND_POT));
    barrier("o-3", List.of(new Line("TEA", 1, 500))); // after the release, on its topic

    assertThat(facts.of(StockShipped.class))
        .containsExactly(
            new StockShipped("o-1", "s-1", TEA_AND_POT),
            new StockShipped("o-2", "s-2", List.of(new Line("TEA", 1, 500))));
    assertThat(facts.of(StockReleased.class)).isEmpty();
    // initial minus shipped (3 + 1), less o-3's one tea still reserved
    assertThat(inventory.levels())
        .containsEntry("TEA", new Level(5, 1))
        .containsEntry("POT", new Level(1, 0));
  }

  @Test
  void reserve_concurrentOrdersForTheLastItems_onlyAsManyAsInStockSucceed() throws Exception {
    transport = Transports.memory(4);
    start();
    int orders = 24;
    ExecutorService senders = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < orders; i++) {
        String orderId = "o-" + i;
        sent.add(
            senders.submit(
                () -> {
                  facts.send(new ReserveStock(orderId, List.of(new Line("POT", 1, 3_000))));
                  return null;
                }));
      }
      for (Future<?> f : sent) {
        f.get();
      }
    } finally {
      senders.shutdown();
    }

    facts.await(StockRejected.class, "every order but two rejected", s -> s.size() == orders - 2);
    List<StockReserved> reserved =
        facts.await(StockReserved.class, "two reserved", s -> s.size() == 2);
    assertThat(reserved).extracting(StockReserved::orderId).doesNotHaveDuplicates();
    assertThat(facts.of(StockRejected.class))
        .allSatisfy(r -> assertThat(r.reason()).contains("POT is short: 1 wanted, 0 available"));
    assertThat(inventory.levels()).containsEntry("POT", new Level(0, 2));
    assertThat(facts.of(StockLevelChanged.class))
        .allSatisfy(l -> assertThat(l.available()).isNotNegative());
  }
}
