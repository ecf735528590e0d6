package dev.herald.shop.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.EventTypes;
import dev.herald.core.HeraldException;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.memory.InMemoryEventStore;
import dev.herald.shop.events.PaymentEvents.ChargePayment;
import dev.herald.shop.events.PaymentEvents.PaymentCaptured;
import dev.herald.shop.events.PaymentEvents.PaymentFailed;
import dev.herald.shop.events.PaymentEvents.PaymentRefunded;
import dev.herald.shop.events.PaymentEvents.RefundPayment;
import dev.herald.shop.events.ShopEvents;
import dev.herald.testkit.BusProbe;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PaymentsServiceTest {
  static final List<Class<?>> FACTS =
      List.of(PaymentCaptured.class, PaymentFailed.class, PaymentRefunded.class);

  // one partition: a later command is handled after the earlier ones, so its outcome marks them
  // done
  private final Transport transport = Transports.memory(1);
  private final EventStore store = new InMemoryEventStore();
  private PaymentsService payments;
  private BusProbe facts;

  private void start(double failureRate) {
    payments = PaymentsService.builder(store, transport).failureRate(failureRate).start();
    facts = new BusProbe(transport, ShopEvents.register(new EventTypes()), FACTS);
  }

  @AfterEach
  void stop() {
    if (facts != null) {
      facts.close();
      payments.close();
    }
    store.close();
    transport.close();
  }

  /** Sends a charge of a fresh order and waits for its outcome: everything sent before is done. */
  private void barrier() throws Exception {
    facts.send(new ChargePayment("barrier", "c-9", 100));
    facts.await(
        Object.class,
        "the barrier's outcome on the bus",
        seen -> seen.stream().anyMatch(PaymentsServiceTest::isBarrier));
  }

  private static boolean isBarrier(Object fact) {
    return (fact instanceof PaymentCaptured c && c.orderId().equals("barrier"))
        || (fact instanceof PaymentFailed f && f.orderId().equals("barrier"));
  }

  @Test
  void charge_capturesThePayment() throws Exception {
    start(0);
    facts.send(new ChargePayment("o-1", "c-1", 1_500));

    assertThat(facts.await(PaymentCaptured.class, "a capture", s -> !s.isEmpty()))
        .containsExactly(new PaymentCaptured("o-1", "pay-o-1", 1_500));
    assertThat(payments.payment("o-1").status()).isEqualTo(Payment.Status.CAPTURED);
  }

  @Test
  void charge_withFailureRateOne_fails() throws Exception {
    start(1.0);
    facts.send(new ChargePayment("o-1", "c-1", 1_500));

    assertThat(facts.await(PaymentFailed.class, "a failure", s -> !s.isEmpty()))
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.orderId()).isEqualTo("o-1");
              assertThat(f.reason()).contains("declined");
            });
    barrier();
    assertThat(facts.of(PaymentCaptured.class)).isEmpty();
  }

  @Test
  void charge_sameEnvelopeTwiceAndSameOrderAgain_chargesOnce() throws Exception {
    start(0);
    facts.send(new ChargePayment("o-1", "c-1", 1_500), "charge-1", 2);
    facts.send(new ChargePayment("o-1", "c-1", 1_500));
    barrier();

    assertThat(facts.of(PaymentCaptured.class))
        .extracting(PaymentCaptured::orderId)
        .containsExactly("o-1", "barrier");
    assertThat(payments.gateway().calls()).isEqualTo(2);
  }

  @Test
  void refund_ofACapturedPayment_refundsOnce() throws Exception {
    start(0);
    facts.send(new ChargePayment("o-1", "c-1", 1_500));
    facts.send(new RefundPayment("o-1", "cancelled"), "refund-1", 2);
    facts.send(new RefundPayment("o-1", "cancelled"));
    barrier();

    assertThat(facts.of(PaymentRefunded.class))
        .containsExactly(new PaymentRefunded("o-1", "pay-o-1", 1_500));
    assertThat(payments.payment("o-1").status()).isEqualTo(Payment.Status.REFUNDED);
  }

  @Test
  void refund_ofAnOrderNeverCharged_isRefusedAndPublishesNothing() throws Exception {
    start(0);
    facts.send(new RefundPayment("o-9", "cancelled"));
    barrier();

    assertThat(facts.of(PaymentRefunded.class)).isEmpty();
    assertThat(payments.payment("o-9").status()).isEqualTo(Payment.Status.NONE);
  }

  @Test
  void refund_ofAFailedCharge_isRefused() throws Exception {
    start(1.0);
    facts.send(new ChargePayment("o-1", "c-1", 1_500));
    facts.send(new RefundPayment("o-1", "cancelled"));
    barrier();

    assertThat(facts.of(PaymentRefunded.class)).isEmpty();
    assertThat(payments.payment("o-1").status()).isEqualTo(Payment.Status.FAILED);
  }

  @Test
  void start_refusesAFailureRateOutsideZeroToOne() {
    for (double rate : new double[] {-0.1, 1.01, Double.NaN}) {
      assertThatThrownBy(() -> PaymentsService.builder(store, transport).failureRate(rate).start())
          .isInstanceOf(HeraldException.class)
          .hasMessageContaining(
              "failure rate is a share from 0 (never) to 1 (always), was " + rate);
    }
  }

  @Test
  void start_refusesANegativeLatency() {
    assertThatThrownBy(
            () -> PaymentsService.builder(store, transport).latency(Duration.ofMillis(-1)).start())
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("latency is 0 or more, was PT-0.001S");
  }
}
