package dev.herald.eventstore.example;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.eventstore.example.Orders.Order;
import dev.herald.eventstore.example.Orders.OrderCancelled;
import dev.herald.eventstore.example.Orders.OrderEvent;
import dev.herald.eventstore.example.Orders.OrderPaid;
import dev.herald.eventstore.example.Orders.OrderPlaced;
import dev.herald.testkit.AggregateFixture;
import org.junit.jupiter.api.Test;

/** The order's decisions, tested with herald-testkit's given/when/then fixture: no store needed. */
class OrderDecisionsExampleTest {
  private final Orders orders = new Orders();
  private final AggregateFixture<Order, OrderEvent> fixture =
      AggregateFixture.of(orders.initial(), orders::apply);

  @Test
  void aNewOrderIsPlaced() {
    fixture
        .given()
        .when(order -> Orders.place(order, "o-1", "sku-42", 500))
        .then(new OrderPlaced("o-1", "sku-42", 500))
        .thenState(new Order("o-1", "placed", 500, 0));
  }

  @Test
  void aPlacedOrderIsPaidInFull() {
    fixture
        .given(new OrderPlaced("o-1", "sku-42", 500))
        .when(order -> order.pay(500))
        .then(new OrderPaid("o-1", 500));
  }

  @Test
  void aPaidOrderIsNotPaidAgain() {
    fixture
        .given(new OrderPlaced("o-1", "sku-42", 500), new OrderPaid("o-1", 500))
        .when(order -> order.pay(500))
        .thenError(IllegalStateException.class, "already paid");
  }

  @Test
  void cancellingTwiceDecidesNothing() {
    fixture
        .given(new OrderPlaced("o-1", "sku-42", 500), new OrderCancelled("o-1", "changed mind"))
        .when(order -> order.cancel("again"))
        .then();
  }

  @Test
  void theFixtureSaysWhatDifferedWhenADecisionIsWrong() {
    assertThatThrownBy(
            () ->
                fixture
                    .given(new OrderPlaced("o-1", "sku-42", 500))
                    .when(order -> order.pay(500))
                    .then(new OrderPaid("o-1", 499)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("expected events [OrderPaid[orderId=o-1, cents=499]]")
        .hasMessageContaining("but events [OrderPaid[orderId=o-1, cents=500]]");
    assertThatThrownBy(
            () ->
                fixture
                    .given(new OrderPlaced("o-1", "sku-42", 500))
                    .when(order -> order.pay(500))
                    .thenError(IllegalStateException.class, "already paid"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("but events [OrderPaid");
    assertThatThrownBy(
            () ->
                fixture
                    .given(new OrderPlaced("o-1", "sku-42", 500))
                    .when(order -> order.pay(1))
                    .then(new OrderPaid("o-1", 1)))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("it threw java.lang.IllegalArgumentException");
  }
}
