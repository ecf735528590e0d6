package dev.herald.saga.example;

import static dev.herald.saga.example.Fulfilment.PAYMENT;
import static dev.herald.saga.example.Fulfilment.PAYMENT_TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.saga.SagaFixture;
import dev.herald.saga.example.Fulfilment.Status;
import dev.herald.saga.example.ShopEvents.CancelOrder;
import dev.herald.saga.example.ShopEvents.ChargePayment;
import dev.herald.saga.example.ShopEvents.OrderPlaced;
import dev.herald.saga.example.ShopEvents.OrderShipped;
import dev.herald.saga.example.ShopEvents.PaymentCaptured;
import dev.herald.saga.example.ShopEvents.PaymentFailed;
import dev.herald.saga.example.ShopEvents.ReleaseStock;
import dev.herald.saga.example.ShopEvents.ReserveStock;
import dev.herald.saga.example.ShopEvents.ShipOrder;
import dev.herald.saga.example.ShopEvents.StockRejected;
import dev.herald.saga.example.ShopEvents.StockReserved;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The fulfilment saga's decisions, one path each, with the fixture: no bus, no store, no wait. */
class FulfilmentSagaTest {
  private static final OrderPlaced PLACED = new OrderPlaced("o-1", "sku-7", 2, 1500);
  private final SagaFixture<Fulfilment> fixture = SagaFixture.of(Fulfilment.SAGA);

  @Test
  void orderPlaced_reservesStock() {
    fixture
        .when(PLACED)
        .thenPublished(new ReserveStock("o-1", "sku-7", 2))
        .thenState(new Fulfilment("o-1", "sku-7", 2, 1500, Status.PLACED));
  }

  @Test
  void stockReserved_chargesPayment_andSetsThePaymentDeadline() {
    fixture
        .given(PLACED)
        .when(new StockReserved("o-1"))
        .thenPublished(new ChargePayment("o-1", 1500))
        .thenScheduled(PAYMENT, PAYMENT_TIMEOUT);
  }

  @Test
  void paymentCaptured_cancelsTheDeadline_andShips_thenShippedEnds() {
    fixture
        .given(PLACED, new StockReserved("o-1"))
        .when(new PaymentCaptured("o-1"))
        .thenPublished(new ShipOrder("o-1", "sku-7", 2))
        .thenCancelled(PAYMENT)
        .when(new OrderShipped("o-1"))
        .thenNothingPublished()
        .thenEnded();
  }

  @Test
  void stockRejected_cancelsTheOrder_andEnds() {
    fixture
        .given(PLACED)
        .when(new StockRejected("o-1", "out of stock"))
        .thenPublished(new CancelOrder("o-1", "out of stock"))
        .thenEnded();
  }

  @Test
  void paymentFailed_releasesTheStock_cancelsTheOrder_andEnds() {
    fixture
        .given(PLACED, new StockReserved("o-1"))
        .when(new PaymentFailed("o-1", "card declined"))
        .thenPublished(new ReleaseStock("o-1", "sku-7", 2), new CancelOrder("o-1", "card declined"))
        .thenEnded();
  }

  @Test
  void noPaymentAnswerInTime_theDeadlineReleasesTheStock_andCancels() {
    fixture
        .given(PLACED, new StockReserved("o-1"))
        .whenTimeElapses(PAYMENT_TIMEOUT.minusSeconds(1))
        .thenNothingPublished()
        .whenTimeElapses(Duration.ofSeconds(1))
        .thenPublished(
            new ReleaseStock("o-1", "sku-7", 2), new CancelOrder("o-1", "no payment in time"))
        .thenEnded();
  }

  @Test
  void afterPaymentCaptured_theDeadlineNeverFires() {
    fixture
        .given(PLACED, new StockReserved("o-1"), new PaymentCaptured("o-1"))
        .whenTimeElapses(Duration.ofDays(1))
        .thenNothingPublished()
        .thenIgnored();
    assertThat(fixture.instance("o-1").orElseThrow().deadlines()).isEmpty();
  }

  @Test
  void aPaymentAnswerAfterTheDeadline_isIgnored() {
    fixture
        .given(PLACED, new StockReserved("o-1"))
        .whenTimeElapses(Duration.ofHours(1))
        .thenEnded()
        .when(new PaymentCaptured("o-1"))
        .thenIgnored()
        .thenNothingPublished();
  }

  @Test
  void aRedeliveredEvent_isIgnored() {
    fixture
        .given(PLACED)
        .when(new StockReserved("o-1"))
        .thenPublished(new ChargePayment("o-1", 1500))
        .whenRedelivered()
        .thenIgnored()
        .thenNothingPublished();
  }

  @Test
  void anAnswerForAnOrderItNeverSaw_isIgnored() {
    fixture.when(new StockReserved("o-404")).thenIgnored();
    assertThat(fixture.instance("o-404")).isEmpty();
  }

  @Test
  void instancesOfTwoOrders_runApart() {
    fixture
        .given(PLACED, new OrderPlaced("o-2", "sku-8", 1, 300), new StockReserved("o-2"))
        .when(new PaymentFailed("o-2", "card declined"))
        .thenPublished(
            new ReleaseStock("o-2", "sku-8", 1), new CancelOrder("o-2", "card declined"));
    assertThat(fixture.instance("o-1").orElseThrow().state().status()).isEqualTo(Status.PLACED);
  }
}
