package dev.herald.shop.orders;

import dev.herald.shop.events.Catalog;
import dev.herald.shop.events.Line;
import dev.herald.shop.events.OrderEvents.OrderCancelled;
import dev.herald.shop.events.OrderEvents.OrderConfirmed;
import dev.herald.shop.events.OrderEvents.OrderEvent;
import dev.herald.shop.events.OrderEvents.OrderPlaced;
import dev.herald.shop.events.OrderEvents.OrderShipped;
import dev.herald.testkit.AggregateFixture;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OrderTest {
  private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");
  private static final Catalog CATALOG =
      Catalog.of(
          List.of(
              new Catalog.Item("TEA", "Tea", 500, 10), new Catalog.Item("POT", "Pot", 3_000, 2)));
  private static final OrderPlaced PLACED =
      new OrderPlaced("o-1", "c-1", List.of(new Line("TEA", 2, 500)), 1_000, AT);

  private final OrderAggregate aggregate = new OrderAggregate();
  private final AggregateFixture<Order, OrderEvent> fixture =
      AggregateFixture.of(aggregate.initial(), aggregate::apply);

  private static List<OrderEvent> place(Order order, LineRequest... lines) {
    return order.place("o-1", "c-1", List.of(lines), CATALOG, AT);
  }

  @Test
  void place_pricesTheLinesFromTheCatalog() {
    fixture
        .given()
        .when(order -> place(order, new LineRequest("TEA", 2), new LineRequest("POT", 1)))
        .then(
            new OrderPlaced(
                "o-1",
                "c-1",
                List.of(new Line("TEA", 2, 500), new Line("POT", 1, 3_000)),
                4_000,
                AT));
  }

  @Test
  void place_leavesAPlacedOrder() {
    fixture
        .given()
        .when(order -> place(order, new LineRequest("TEA", 2)))
        .thenState(new Order("o-1", "c-1", OrderStatus.PLACED, PLACED.lines(), 1_000, AT, "", ""));
  }

  @Test
  void place_twice_isRefused() {
    fixture
        .given(PLACED)
        .when(order -> place(order, new LineRequest("TEA", 1)))
        .thenError(OrderStateException.class, "exists already");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, 101, Long.MAX_VALUE})
  void place_refusesAQuantityOutOfRange(long quantity) {
    fixture
        .given()
        .when(order -> place(order, new LineRequest("TEA", quantity)))
        .thenError(InvalidOrderException.class, "quantity " + quantity + " is out of range");
  }

  @Test
  void place_takesTheLargestQuantity() {
    fixture
        .given()
        .when(order -> place(order, new LineRequest("TEA", Order.MAX_QUANTITY)))
        .then(new OrderPlaced("o-1", "c-1", List.of(new Line("TEA", 100, 500)), 50_000, AT));
  }

  @Test
  void place_refusesAnUnknownSku() {
    fixture
        .given()
        .when(order -> place(order, new LineRequest("TEA", 1), new LineRequest("CAKE", 1)))
        .thenError(InvalidOrderException.class, "lines[1]: unknown SKU 'CAKE'");
  }

  @Test
  void place_refusesNoLinesAndASkuTwice() {
    fixture
        .given()
        .when(order -> place(order))
        .thenError(InvalidOrderException.class, "1 to 50 lines");
    fixture
        .given()
        .when(order -> place(order, new LineRequest("TEA", 1), new LineRequest("TEA", 2)))
        .thenError(InvalidOrderException.class, "listed twice");
  }

  @Test
  void confirm_placedOrder_confirmsIt_once() {
    fixture.given(PLACED).when(Order::confirm).then(new OrderConfirmed("o-1"));
    fixture.given(PLACED, new OrderConfirmed("o-1")).when(Order::confirm).then();
  }

  @Test
  void confirm_cancelledOrder_isRefused() {
    fixture
        .given(PLACED, new OrderCancelled("o-1", "stock rejected"))
        .when(Order::confirm)
        .thenError(OrderStateException.class, "is cancelled (stock rejected)");
  }

  @Test
  void confirm_orderNeverPlaced_isRefused() {
    fixture.given().when(Order::confirm).thenError(OrderStateException.class, "never placed");
  }

  @Test
  void cancel_placedOrConfirmedOrder_cancelsIt_andCancellingAgainDecidesNothing() {
    fixture.given(PLACED).when(o -> o.cancel("payment failed")).then(cancelled("payment failed"));
    fixture
        .given(PLACED, new OrderConfirmed("o-1"))
        .when(o -> o.cancel("refund"))
        .then(cancelled("refund"));
    fixture.given(PLACED, cancelled("first")).when(o -> o.cancel("second")).then();
  }

  @Test
  void cancel_shippedOrder_isRefused() {
    fixture
        .given(PLACED, new OrderConfirmed("o-1"), new OrderShipped("o-1", "s-1"))
        .when(o -> o.cancel("too late"))
        .thenError(OrderStateException.class, "has shipped");
  }

  @Test
  void markShipped_confirmedOrder_shipsIt() {
    fixture
        .given(PLACED, new OrderConfirmed("o-1"))
        .when(o -> o.markShipped("s-1"))
        .thenState(
            new Order("o-1", "c-1", OrderStatus.SHIPPED, PLACED.lines(), 1_000, AT, "", "s-1"));
  }

  @Test
  void markShipped_unconfirmedOrCancelledOrder_isRefused() {
    fixture
        .given(PLACED)
        .when(o -> o.markShipped("s-1"))
        .thenError(OrderStateException.class, "not confirmed yet");
    fixture
        .given(PLACED, cancelled("stock rejected"))
        .when(o -> o.markShipped("s-1"))
        .thenError(OrderStateException.class, "is cancelled");
  }

  private static OrderCancelled cancelled(String reason) {
    return new OrderCancelled("o-1", reason);
  }
}
