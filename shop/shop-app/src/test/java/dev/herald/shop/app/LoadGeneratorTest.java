package dev.herald.shop.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.eventstore.memory.InMemoryEventStore;
import dev.herald.shop.events.Line;
import dev.herald.shop.orders.Order;
import dev.herald.shop.orders.OrdersService;
import dev.herald.testkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {
  private final Transport transport = Transports.memory();
  private final InMemoryEventStore store = new InMemoryEventStore();
  private final OrdersService orders = OrdersService.builder(store, transport).start();

  @AfterEach
  void stop() {
    orders.close();
    store.close();
    transport.close();
  }

  @Test
  void place_sameSeed_placesTheSameOrders() {
    List<String> first = shapes(LoadGenerator.of(orders, 9).place(20));
    List<String> again = shapes(LoadGenerator.of(orders, 9).place(20));
    List<String> other = shapes(LoadGenerator.of(orders, 10).place(20));

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
  }

  @Test
  void place_ordersOneToThreeDistinctCatalogSkus_oneToThreeOfEach() {
    Set<String> skus =
        orders.catalog().items().stream().map(i -> i.sku()).collect(Collectors.toSet());

    List<Order> placed = LoadGenerator.of(orders, 3, 5).place(50);

    assertThat(placed).hasSize(50);
    assertThat(placed)
        .allSatisfy(
            o -> {
              assertThat(o.lines()).hasSizeBetween(1, 3);
              assertThat(o.lines()).extracting(Line::sku).doesNotHaveDuplicates();
              assertThat(o.lines()).allSatisfy(l -> assertThat(skus).contains(l.sku()));
              assertThat(o.lines()).allSatisfy(l -> assertThat(l.quantity()).isBetween(1, 3));
              assertThat(o.customerId()).isIn("c-1", "c-2", "c-3");
            });
    assertThat(placed).extracting(o -> o.lines().size()).contains(1, 2, 3);
    assertThat(orders.find(placed.get(49).id())).isPresent();
  }

  @Test
  void start_atARate_placesOrdersUntilClosed() throws Exception {
    try (LoadGenerator load = LoadGenerator.of(orders, 1)) {
      load.start(200);
      Await.until(
          "five orders placed",
          Duration.ofSeconds(5),
          Duration.ofMillis(10),
          load::placed,
          p -> p.size() >= 5);
      load.close();
      int afterClose = load.placed().size();
      assertThat(orders.find(load.placed().get(afterClose - 1))).isPresent();
    }
  }

  @Test
  void start_withALimit_placesThatManyAndStops() throws Exception {
    try (LoadGenerator load = LoadGenerator.of(orders, 1)) {
      load.start(500, 7);
      Await.until(
          "the load stopped by itself",
          Duration.ofSeconds(5),
          Duration.ofMillis(10),
          load::isRunning,
          running -> !running);
      assertThat(load.placed()).hasSize(7).doesNotHaveDuplicates();
    }
  }

  private static List<String> shapes(List<Order> placed) {
    return placed.stream().map(o -> o.customerId() + " " + o.lines()).toList();
  }
}
