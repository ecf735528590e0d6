package dev.herald.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.spi.Transport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
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

  @Test
  void publishBatch_returnsPositionsInInputOrderAcrossTopics() {
    try (EventBus bus = EventBus.builder("orders").transport(transport).build()) {
      List<Position> positions =
          bus.publish(
              List.of(
                  new OrderPaid("a"),
                  new ShipmentCreated("a"),
                  new OrderPaid("a"),
                  new ShipmentCreated("b")));

      assertThat(positions)
          .extracting(Position::topic)
          .containsExactly("test.order", "test.shipment", "test.order", "test.shipment");
      assertThat(positions.get(2).offset()).isEqualTo(positions.get(0).offset() + 1);
    }
  }

  @Test
  void publishAsync_completesWithPositionsInOrderPerKey() {
    try (EventBus bus = EventBus.builder("orders").transport(transport).build()) {
      List<java.util.concurrent.CompletableFuture<Position>> futures = new java.util.ArrayList<>();
      for (int i = 0; i < 50; i++) {
        futures.add(bus.publishAsync(new OrderPlaced("same", i, Instant.EPOCH)));
      }
      List<Long> offsets = futures.stream().map(f -> f.join().offset()).toList();
      assertThat(offsets).isSorted().doesNotHaveDuplicates().hasSize(50);
    }
  }

  @Test
  void publish_explicitKeyOverridesTheKeyComponent() throws Exception {
    try (EventBus bus = EventBus.builder("orders").transport(transport).build()) {
      bus.publish(new OrderPaid("o-1"), "customer-9");
      Envelope stored = readAll("test.order").get(0);
      assertThat(stored.partitionKey()).contains("customer-9");
      assertThat(stored.subject()).contains("customer-9");
    }
  }

  @Test
  void failingEvent_holdsBackOnlyItsOwnPartition() throws Exception {
    String stuck = keyOnPartition(0);
    String flowing = keyOnPartition(1);
    BlockingQueue<String> handled = new LinkedBlockingQueue<>();
    try (EventBus orders = EventBus.builder("orders").transport(transport).build();
        EventBus picky =
            EventBus.builder("picky")
                .transport(transport)
                .redeliveryDelay(Duration.ofMillis(20))
                .build()) {
      picky.on(
          OrderPaid.class,
          (paid, context) -> {
            if (paid.orderId().equals(stuck)) {
              throw new IllegalStateException("never works");
            }
            handled.add(paid.orderId());
          });
      picky.start();
      orders.publish(new OrderPaid(stuck));
      for (int i = 0; i < 3; i++) {
        orders.publish(new OrderPaid(flowing));
      }
      for (int i = 0; i < 3; i++) {
        assertThat(take(handled)).isEqualTo(flowing);
      }
    }
  }

  @Test
  void close_waitsForInFlightHandlerAndCommitsIt() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    EventBus orders = EventBus.builder("orders").transport(transport).build();
    EventBus slow = EventBus.builder("slow").transport(transport).build();
    slow.on(
        OrderPaid.class,
        (paid, context) -> {
          calls.incrementAndGet();
          entered.countDown();
          release.await();
        });
    slow.start();
    orders.publish(new OrderPaid("o-1"));
    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

    Thread closer = Thread.ofPlatform().start(slow::close);
    closer.join(200);
    assertThat(closer.isAlive()).as("close waits for the in-flight handler").isTrue();
    release.countDown();
    closer.join(10_000);
    assertThat(closer.isAlive()).isFalse();

    // A new instance of the same service resumes after the committed event.
    BlockingQueue<String> again = new LinkedBlockingQueue<>();
    try (EventBus restarted = EventBus.builder("slow").transport(transport).build()) {
      restarted.on(OrderPaid.class, (paid, context) -> again.add(paid.orderId()));
      restarted.start();
      orders.publish(new OrderPaid("o-2"));
      assertThat(take(again)).isEqualTo("o-2");
    }
    assertThat(calls).hasValue(1);
    orders.close();
  }

  @Test
  void middleware_wrapsInOrderAndSeesDecodeFailures() throws Exception {
    List<String> trace = new CopyOnWriteArrayList<>();
    BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
    Middleware outer =
        next ->
            (delivery, context) -> {
              trace.add("outer>");
              try {
                next.handle(delivery, context);
              } catch (Exception e) {
                failures.add(e); // a dead-letter middleware would park it; here it is swallowed
              }
              trace.add("<outer");
            };
    Middleware inner =
        next ->
            (delivery, context) -> {
              trace.add("inner>");
              next.handle(delivery, context);
              trace.add("<inner");
            };
    BlockingQueue<String> handled = new LinkedBlockingQueue<>();
    try (EventBus bus =
        EventBus.builder("chained").transport(transport).use(outer).use(inner).build()) {
      bus.on(OrderPaid.class, (paid, context) -> handled.add(paid.orderId()));
      bus.start();

      transport
          .append(
              "test.order",
              List.of(
                  Envelope.builder()
                      .id("poison")
                      .source("elsewhere")
                      .type("test.order.paid")
                      .extension(Envelope.PARTITION_KEY, "k")
                      .data("{not json")
                      .build()))
          .join();
      bus.publish(new OrderPaid("k-after"));

      Throwable failure = take(failures);
      assertThat(failure).isInstanceOf(DecodeException.class);
      assertThat(((DecodeException) failure).envelope().id()).isEqualTo("poison");
      assertThat(take(handled)).isEqualTo("k-after");
      assertThat(List.copyOf(trace).subList(0, 4))
          .containsExactly("outer>", "inner>", "<outer", "outer>");
    }
  }

  @Test
  void eventsOfTypesWithoutHandler_areSkipped() throws Exception {
    BlockingQueue<String> handled = new LinkedBlockingQueue<>();
    try (EventBus orders = EventBus.builder("orders").transport(transport).build();
        EventBus payments = EventBus.builder("payments").transport(transport).build()) {
      payments.on(OrderPaid.class, (paid, context) -> handled.add(paid.orderId()));
      payments.start();
      orders.publish(new OrderPlaced("o-1", 5, Instant.EPOCH));
      orders.publish(new OrderPaid("o-1"));
      assertThat(take(handled)).isEqualTo("o-1");
    }
  }

  @Test
  void startFromLatest_skipsEarlierEvents() throws Exception {
    BlockingQueue<String> handled = new LinkedBlockingQueue<>();
    try (EventBus orders = EventBus.builder("orders").transport(transport).build()) {
      orders.publish(new OrderPaid("before"));
      try (EventBus late =
          EventBus.builder("late").transport(transport).startFrom(StartPosition.latest()).build()) {
        late.on(OrderPaid.class, (paid, context) -> handled.add(paid.orderId()));
        late.start();
        orders.publish(new OrderPaid("after"));
        assertThat(take(handled)).isEqualTo("after");
      }
    }
  }

  @Test
  void smallQueues_keepOrderPerKey() throws Exception {
    List<Integer> seen = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(200);
    try (EventBus orders = EventBus.builder("orders").transport(transport).build();
        EventBus counting =
            EventBus.builder("counting").transport(transport).maxQueuedPerPartition(2).build()) {
      counting.on(
          OrderPlaced.class,
          (placed, context) -> {
            seen.add(placed.amount());
            done.countDown();
          });
      counting.start();
      for (int i = 0; i < 200; i++) {
        orders.publish(new OrderPlaced("same-key", i, Instant.EPOCH));
      }
      assertThat(done.await(20, TimeUnit.SECONDS)).isTrue();
      assertThat(seen).isSorted().hasSize(200);
    }
  }

  @Test
  void build_rejectsMissingOrConflictingSettings() {
    assertThatThrownBy(() -> EventBus.builder("orders").build())
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("has no transport");
    assertThatThrownBy(
            () -> EventBus.builder("orders").transport(transport).transport("memory:").build())
        .hasMessageContaining("both a transport and a transport URI");
    assertThatThrownBy(() -> EventBus.builder("my service").transport(transport).build())
        .hasMessageContaining("service name");
    assertThatThrownBy(
            () ->
                EventBus.builder("orders")
                    .transport(transport)
                    .redeliveryDelay(Duration.ZERO)
                    .build())
        .hasMessageContaining("redeliveryDelay");
  }

  @Test
  void on_rejectsSecondHandlerForOneType() {
    try (EventBus bus = EventBus.builder("twice").transport(transport).build()) {
      bus.on(OrderPaid.class, (e, c) -> {});
      assertThatThrownBy(() -> bus.on(OrderPaid.class, (e, c) -> {}))
          .isInstanceOf(HeraldException.class)
          .hasMessageContaining("already has a handler for test.order.paid");
    }
  }

  @Test
  void publish_afterCloseIsRejected() {
    EventBus bus = EventBus.builder("gone").transport(transport).build();
    bus.close();
    assertThatThrownBy(() -> bus.publish(new OrderPaid("x")))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("is closed");
  }

  @Test
  void transportUri_isOpenedAndClosedByTheBus() throws Exception {
    BlockingQueue<String> handled = new LinkedBlockingQueue<>();
    try (EventBus bus = EventBus.builder("self").transport("memory:?partitions=2").build()) {
      bus.on(OrderPaid.class, (paid, context) -> handled.add(paid.orderId()));
      bus.start();
      assertThat(bus.publish(new OrderPaid("own")).partition()).isBetween(0, 1);
      assertThat(take(handled)).isEqualTo("own");
    }
  }

  private String keyOnPartition(int partition) {
    for (int i = 0; ; i++) {
      String key = "key-" + i;
      if (dev.herald.core.spi.Partitioner.partition(key, transport.partitions("test.order"))
          == partition) {
        return key;
      }
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
