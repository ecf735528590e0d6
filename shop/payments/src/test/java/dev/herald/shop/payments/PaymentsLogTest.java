package dev.herald.shop.payments;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.EventTypes;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.log.LogEventStore;
import dev.herald.log.LogTransport;
import dev.herald.log.LogTransports;
import dev.herald.shop.events.PaymentEvents.ChargePayment;
import dev.herald.shop.events.PaymentEvents.PaymentCaptured;
import dev.herald.shop.events.PaymentEvents.PaymentRefunded;
import dev.herald.shop.events.PaymentEvents.RefundPayment;
import dev.herald.shop.events.ShopEvents;
import dev.herald.testkit.BusProbe;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaymentsLogTest {
  @TempDir Path directory;

  private LogTransport open() {
    return LogTransports.open("log:" + directory + "?partitions=1");
  }

  @Test
  void restart_remembersTheChargeAndRefundsIt() throws Exception {
    try (LogTransport transport = open();
        EventStore store = LogEventStore.open(transport);
        PaymentsService payments = PaymentsService.builder(store, transport).start();
        BusProbe facts =
            new BusProbe(
                transport, ShopEvents.register(new EventTypes()), PaymentsServiceTest.FACTS)) {
      facts.send(new ChargePayment("o-1", "c-1", 1_500));
      facts.await(PaymentCaptured.class, "the capture", s -> !s.isEmpty());
    }

    try (LogTransport transport = open();
        EventStore store = LogEventStore.open(transport);
        PaymentsService payments = PaymentsService.builder(store, transport).start();
        BusProbe facts =
            new BusProbe(
                transport, ShopEvents.register(new EventTypes()), PaymentsServiceTest.FACTS)) {
      facts.send(new ChargePayment("o-1", "c-1", 1_500));
      facts.send(new RefundPayment("o-1", "cancelled"));

      facts.await(PaymentRefunded.class, "the refund", s -> !s.isEmpty());
      assertThat(facts.of(PaymentCaptured.class))
          .containsExactly(new PaymentCaptured("o-1", "pay-o-1", 1_500));
      assertThat(payments.gateway().calls()).isZero();
    }
  }
}
