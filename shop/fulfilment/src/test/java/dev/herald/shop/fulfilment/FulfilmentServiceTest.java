package dev.herald.shop.fulfilment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.EventBus;
import dev.herald.core.EventTypes;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.eventstore.memory.InMemoryEventStore;
import dev.herald.saga.SagaInstance;
import dev.herald.shop.events.Line;
import dev.herald.shop.events.OrderEvents.CancelOrder;
import dev.herald.shop.events.OrderEvents.ConfirmOrder;
import dev.herald.shop.events.OrderEvents.OrderPlaced;
import dev.herald.shop.events.PaymentEvents.ChargePayment;
import dev.herald.shop.events.PaymentEvents.PaymentCaptured;
import dev.herald.shop.events.ShippingEvents.ShipOrder;
import dev.herald.shop.events.ShippingEvents.ShipmentShipped;
import dev.herald.shop.events.ShopEvents;
import dev.herald.shop.events.StockEvents.ReleaseStock;
import dev.herald.shop.events.StockEvents.ReserveStock;
import dev.herald.shop.events.StockEvents.StockReserved;
import dev.herald.testkit.Await;
import dev.herald.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The service on a memory transport and an in-memory store: the other services' answers are
 * published by hand, and the commands the saga sends are recorded by a bus of their own.
 */
class FulfilmentServiceTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration EVERY = Duration.ofMillis(5);
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final List<Line> LINES = List.of(new Line("TEA-GREEN", 2, 650));

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<Object> commands = new CopyOnWriteArrayList<>();
  private Transport transport;
  private InMemoryEventStore store;
  private EventBus shop;
  private EventBus recorder;
  private FulfilmentService fulfilment;

  @BeforeEach
  void start() {
    transport = Transports.memory();
    store = new InMemoryEventStore();
    EventTypes types = ShopEvents.register(new EventTypes());
    shop = EventBus.builder("test-shop").transport(transport).types(types).build();
    recorder = EventBus.builder("test-recorder").transport(transport).types(types).build();
    for (Class<?> command :
        List.of(
            ReserveStock.class,
            ChargePayment.class,
            ConfirmOrder.class,
            ShipOrder.class,
            ReleaseStock.class,
            CancelOrder.class)) {
      recorder.on(command, (event, context) -> commands.add(event));
    }
    recorder.start();
    fulfilment =
        FulfilmentService.builder(transport, store)
            .clock(clock)
            .paymentTimeout(TIMEOUT)
            .pollInterval(Duration.ofMillis(10))
            .start();
  }

  @AfterEach
  void stop() {
    fulfilment.close();
    recorder.close();
    shop.close();
    store.close();
    transport.close();
  }

  @Test
  void anOrder_goesThroughTheHappyPath_asTheOtherServicesAnswer() throws Exception {
    shop.publish(placed("o-1"));
    awaitCommand(new ReserveStock("o-1", LINES));
    shop.publish(new StockReserved("o-1", LINES));
    awaitCommand(new ChargePayment("o-1", "c-1", 1_300));
    shop.publish(new PaymentCaptured("o-1", "p-1", 1_300));
    awaitCommand(new ShipOrder("o-1", "c-1", LINES));
    awaitCommand(new ConfirmOrder("o-1")); // another topic: it may come after ShipOrder
    shop.publish(new ShipmentShipped("o-1", "s-1"));

    SagaInstance<Fulfilment> done =
        Await.until(
            "o-1's fulfilment to end",
            WAIT,
            EVERY,
            () -> fulfilment.fulfilment("o-1").orElseThrow(),
            SagaInstance::ended);
    assertThat(done.state().status()).isEqualTo(Fulfilment.Status.SHIPPED);
    assertThat(commands)
        .containsExactlyInAnyOrder(
            new ReserveStock("o-1", LINES),
            new ChargePayment("o-1", "c-1", 1_300),
            new ConfirmOrder("o-1"),
            new ShipOrder("o-1", "c-1", LINES));
  }

  @Test
  void anOrderPaymentsNeverAnswers_isCancelledByTheDeadline() throws Exception {
    shop.publish(placed("o-2"));
    awaitCommand(new ReserveStock("o-2", LINES));
    shop.publish(new StockReserved("o-2", LINES));
    awaitCommand(new ChargePayment("o-2", "c-1", 1_300));

    clock.advance(TIMEOUT);

    // two topics, so either may arrive first
    awaitCommand(new CancelOrder("o-2", Fulfilment.NO_PAYMENT_IN_TIME));
    awaitCommand(new ReleaseStock("o-2", LINES));
    assertThat(fulfilment.fulfilment("o-2").orElseThrow().state().status())
        .isEqualTo(Fulfilment.Status.TIMED_OUT);
  }

  private static OrderPlaced placed(String orderId) {
    return new OrderPlaced(orderId, "c-1", LINES, 1_300, Instant.parse("2026-01-01T00:00:00Z"));
  }

  private void awaitCommand(Object command) throws InterruptedException {
    Await.until(
        "the saga to send " + command, WAIT, EVERY, () -> commands, c -> c.contains(command));
  }
}
