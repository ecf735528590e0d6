package dev.herald.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.spi.Transport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventBusTest {
  @EventType(name = "test.order.placed", key = "orderId")
  record OrderPlaced(String orderId, int amount, Instant at) {}

  @EventType(name = "test.order.paid", key = "orderId")
  record OrderPaid(String orderId) {}

  @EventType(name = "test.shipment.created", key = "orderId")
  record ShipmentCreated(String orderId) {}

  private final Transport transport = Transports.memory();

  @AfterEach
  void closeTransport() {
    transport.close();
  }

  private static <T> T take(BlockingQueue<T> queue) throws InterruptedException {
    T value = queue.poll(10, TimeUnit.SECONDS);
    assertThat(value).as("nothing arrived within 10 s").isNotNull();
    return value;
  }

  @Test
  void publish_reachesHandlerOfAnotherService() throws Exception {
    BlockingQueue<OrderPlaced> received = new LinkedBlockingQueue<>();
    try (EventBus orders = EventBus.builder("orders").transport(transport).build();
        EventBus payments = EventBus.builder("payments").transport(transport).build()) {
      payments.on(OrderPlaced.class, (event, context) -> received.add(event));
      payments.start();

      OrderPlaced placed = new OrderPlaced("o-1", 42, Instant.parse("2026-01-02T03:04:05Z"));
      Position position = orders.publish(placed);

      assertThat(position.topic()).isEqualTo("test.order");
      assertThat(take(received)).isEqualTo(placed);
    }
  }

  @Test
  void contextPublish_inheritsCorrelationAndSetsCausation() throws Exception {
    BlockingQueue<Envelope> shipments = new LinkedBlockingQueue<>();
    try (EventBus orders = EventBus.builder("orders").transport(transport).build();
        EventBus shipping = EventBus.builder("shipping").transport(transport).build();
        EventBus audit = EventBus.builder("audit").transport(transport).build()) {
      shipping.on(
          OrderPaid.class, (paid, context) -> context.publish(new ShipmentCreated(paid.orderId())));
      audit.on(ShipmentCreated.class, (created, context) -> shipments.add(context.envelope()));
      shipping.start();
      audit.start();

      orders.publish(new OrderPaid("o-7"));
      Envelope shipment = take(shipments);

      Envelope paid = readAll("test.order").get(0);
      assertThat(shipment.causationId()).contains(paid.id());
      assertThat(shipment.correlationId()).contains(paid.id());
      assertThat(shipment.source()).isEqualTo("shipping");
      assertThat(shipment.partitionKey()).contains("o-7");
    }
  }

  @Test
  void failingHandler_getsTheEventAgain() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    BlockingQueue<String> handled = new LinkedBlockingQueue<>();
    try (EventBus orders = EventBus.builder("orders").transport(transport).build();
        EventBus flaky =
            EventBus.builder("flaky")
                .transport(transport)
                .redeliveryDelay(Duration.ofMillis(10))
                .build()) {
      flaky.on(
          OrderPaid.class,
          (paid, context) -> {
            if (attempts.incrementAndGet() < 3) {
              throw new IllegalStateException("boom " + attempts.get());
            }
            handled.add(paid.orderId());
          });
      flaky.start();
      orders.publish(new OrderPaid("o-9"));
      assertThat(take(handled)).isEqualTo("o-9");
      assertThat(attempts).hasValue(3);
    }
  }

  @Test
  void on_afterStart_isRejected() {
    try (EventBus bus = EventBus.builder("late").transport(transport).build()) {
      bus.start();
      assertThatThrownBy(() -> bus.on(OrderPaid.class, (e, c) -> {}))
          .isInstanceOf(HeraldException.class)
          .hasMessageContaining("before start()");
    }
  }

  private List<Envelope> readAll(String topic) throws InterruptedException {
    List<Envelope> all = new CopyOnWriteArrayList<>();
    try (var subscription =
        transport.subscribe(
            topic,
            "reader",
            StartPosition.earliest(),
            dev.herald.core.spi.RebalanceListener.none())) {
      for (int i = 0; i < 5; i++) {
        subscription.poll(Duration.ofMillis(50)).forEach(d -> all.add(d.envelope()));
      }
    }
    return all;
  }
}
