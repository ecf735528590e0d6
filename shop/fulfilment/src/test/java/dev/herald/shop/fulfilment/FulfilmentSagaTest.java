package dev.herald.shop.fulfilment;

import static dev.herald.shop.fulfilment.Fulfilment.PAYMENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.HeraldException;
import dev.herald.saga.SagaFixture;
import dev.herald.shop.events.Line;
import dev.herald.shop.events.OrderEvents.CancelOrder;
import dev.herald.shop.events.OrderEvents.ConfirmOrder;
import dev.herald.shop.events.OrderEvents.OrderPlaced;
import dev.herald.shop.events.PaymentEvents.ChargePayment;
import dev.herald.shop.events.PaymentEvents.PaymentCaptured;
import dev.herald.shop.events.PaymentEvents.PaymentFailed;
import dev.herald.shop.events.PaymentEvents.RefundPayment;
import dev.herald.shop.events.ShippingEvents.ShipOrder;
import dev.herald.shop.events.ShippingEvents.ShipmentShipped;
import dev.herald.shop.events.StockEvents.ReleaseStock;
import dev.herald.shop.events.StockEvents.ReserveStock;
import dev.herald.shop.events.StockEvents.StockRejected;
import dev.herald.shop.events.StockEvents.StockReserved;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every path of the fulfilment saga on the shop's events, with the fixture: no bus, no waiting. */
class FulfilmentSagaTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Duration WINDOW = Duration.ofMinutes(10);
  private static final List<Line> LINES =
      List.of(new Line("TEA-GREEN", 2, 650), new Line("KETTLE", 1, 7_500));
  private static final OrderPlaced PLACED =
      new OrderPlaced("o-1", "c-1", LINES, 8_800, Instant.parse("2026-01-01T00:00:00Z"));
  private static final StockReserved RESERVED = new StockReserved("o-1", LINES);
  private static final PaymentCaptured CAPTURED = new PaymentCaptured("o-1", "p-1", 8_800);

  private final SagaFixture<Fulfilment> fixture = SagaFixture.of(Fulfilment.saga(TIMEOUT, WINDOW));

  @Test
  void orderPlaced_reservesItsLines() {
    fixture
        .when(PLACED)
        .thenPublished(new ReserveStock("o-1", LINES))
        .thenState(new Fulfilment("o-1", "c-1", LINES, 8_800, Fulfilment.Status.PLACED));
  }

  @Test
  void stockRejected_cancelsTheOrder_andEnds() {
    fixture
        .given(PLACED)
        .when(new StockRejected("o-1", "KETTLE: 1 wanted, 0 left"))
        .thenPublished(new CancelOrder("o-1", "KETTLE: 1 wanted, 0 left"))
        .thenEnded();
  }

  @Test
  void stockReserved_chargesTheCustomer_andSetsThePaymentDeadline() {
    fixture
        .given(PLACED)
        .when(RESERVED)
        .thenPublished(new ChargePayment("o-1", "c-1", 8_800))
        .thenScheduled(PAYMENT, TIMEOUT);
  }

  @Test
  void paymentCaptured_cancelsTheDeadline_confirmsAndShips_thenShippedEnds() {
    fixture
        .given(PLACED, RESERVED)
        .when(CAPTURED)
        .thenCancelled(PAYMENT)
        .thenPublished(new ConfirmOrder("o-1"), new ShipOrder("o-1", "c-1", LINES))
        .when(new ShipmentShipped("o-1", "s-1"))
        .thenNothingPublished()
        .thenEnded();
  }

  @Test
  void paymentFailed_releasesTheStock_cancelsTheOrder_andEnds() {
    fixture
        .given(PLACED, RESERVED)
        .when(new PaymentFailed("o-1", "card declined"))
        .thenPublished(new ReleaseStock("o-1", LINES), new CancelOrder("o-1", "card declined"))
        .thenEnded();
  }

  @Test
  void noPaymentAnswerInTime_theDeadlineReleasesTheStock_andCancels() {
    fixture
        .given(PLACED, RESERVED)
        .whenTimeElapses(TIMEOUT.minusSeconds(1))
        .thenNothingPublished()
        .whenTimeElapses(Duration.ofSeconds(1))
        .thenPublished(
            new ReleaseStock("o-1", LINES), new CancelOrder("o-1", Fulfilment.NO_PAYMENT_IN_TIME))
        .thenScheduled(Fulfilment.REFUND_WINDOW, WINDOW);
  }

  @Test
  void aCaptureAfterTheDeadline_isRefunded_andEnds() {
    fixture
        .given(PLACED, RESERVED)
        .whenTimeElapses(TIMEOUT.plusSeconds(5))
        .when(CAPTURED)
        .thenPublished(new RefundPayment("o-1", Fulfilment.CAPTURED_TOO_LATE))
        .thenEnded();
  }

  @Test
  void aFailureAfterTheDeadline_endsWithoutSendingAnything() {
    fixture
        .given(PLACED, RESERVED)
        .whenTimeElapses(TIMEOUT)
        .when(new PaymentFailed("o-1", "gateway down"))
        .thenNothingPublished()
        .thenEnded();
  }

  @Test
  void whenNoAnswerComesInTheRefundWindow_theInstanceEnds() {
    fixture
        .given(PLACED, RESERVED)
        .whenTimeElapses(TIMEOUT.plus(WINDOW))
        .thenEnded()
        .when(CAPTURED)
        .thenIgnored()
        .thenNothingPublished();
  }

  @Test
  void afterPaymentCaptured_theDeadlineNeverFires() {
    fixture.given(PLACED, RESERVED, CAPTURED).whenTimeElapses(Duration.ofDays(1)).thenIgnored();
    assertThat(fixture.instance("o-1").orElseThrow().deadlines()).isEmpty();
  }

  @Test
  void aRedeliveredEvent_sendsNothingAgain() {
    fixture
        .given(PLACED)
        .when(RESERVED)
        .thenPublished(new ChargePayment("o-1", "c-1", 8_800))
        .whenRedelivered()
        .thenIgnored()
        .thenNothingPublished();
  }

  @Test
  void aSecondCapture_withAnotherId_isNotShippedTwice() {
    fixture
        .given(PLACED, RESERVED, CAPTURED)
        .when(new PaymentCaptured("o-1", "p-1", 8_800))
        .thenNothingPublished();
  }

  @Test
  void anAnswerForAnOrderItNeverSaw_isIgnored() {
    fixture.when(new StockReserved("o-404", LINES)).thenIgnored();
    assertThat(fixture.instance("o-404")).isEmpty();
  }

  @Test
  void saga_rejectsANonPositiveTimeout() {
    assertThatThrownBy(() -> Fulfilment.saga(Duration.ZERO, WINDOW))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("paymentTimeout must be a positive duration");
  }
}
