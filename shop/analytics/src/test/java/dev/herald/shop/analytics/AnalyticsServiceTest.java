package dev.herald.shop.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.Envelope;
import dev.herald.core.EventBus;
import dev.herald.core.EventTypes;
import dev.herald.core.HeraldException;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.shop.analytics.Figures.SkuQuantity;
import dev.herald.shop.events.Line;
import dev.herald.shop.events.OrderEvents.OrderConfirmed;
import dev.herald.shop.events.OrderEvents.OrderPlaced;
import dev.herald.shop.events.OrderEvents.OrderShipped;
import dev.herald.shop.events.PaymentEvents.PaymentCaptured;
import dev.herald.shop.events.PaymentEvents.PaymentRefunded;
import dev.herald.shop.events.ShopEvents;
import dev.herald.testkit.Await;
import dev.herald.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The service on a memory bus: figures from the facts, redeliveries counted once, restarts. */
class AnalyticsServiceTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration EVERY = Duration.ofMillis(5);
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final ManualClock clock = new ManualClock(START);
  private final List<Envelope> captures = new CopyOnWriteArrayList<>();
  private Transport transport;
  private EventBus shop;
  private EventBus recorder;

  @BeforeEach
  void open() {
    transport = Transports.memory();
    EventTypes types = ShopEvents.register(new EventTypes());
    shop = EventBus.builder("test-shop").transport(transport).types(types).build();
    recorder = EventBus.builder("test-recorder").transport(transport).types(types).build();
    recorder.on(PaymentCaptured.class, (paid, context) -> captures.add(context.envelope()));
    recorder.start();
  }

  @AfterEach
  void close() {
    recorder.close();
    shop.close();
    transport.close();
  }

  @Test
  void figures_followTheFacts_andARedeliveryCountsOnce() throws Exception {
    try (AnalyticsService analytics = AnalyticsService.builder(transport).clock(clock).start()) {
      publishTwoOrders();
      Envelope capture =
          Await.until("a capture seen", WAIT, EVERY, () -> captures, c -> !c.isEmpty()).get(0);
      transport.append("shop.payment", List.of(capture)).join();
      // Same key, same partition: once the refund counts, the redelivery before it was handled.
      shop.publish(new PaymentRefunded("o-1", "p-1", 1_300));

      Figures figures =
          Await.until(
              "the refund to count",
              WAIT,
              EVERY,
              analytics::figures,
              f -> f.revenueCents() == 4_900 && f.ordersConverted() == 2);
      assertThat(figures.ordersPlaced()).isEqualTo(2);
      assertThat(figures.ordersLastMinute()).isEqualTo(2);
      assertThat(figures.conversion()).isEqualTo(1.0);
      assertThat(figures.topSkus())
          .containsExactly(new SkuQuantity("TEA-GREEN", 2), new SkuQuantity("POT-CAST", 1));

      clock.advance(Duration.ofMinutes(1));
      assertThat(analytics.figures().ordersLastMinute()).isZero();
    }
  }

  @Test
  void aRestartedService_rebuildsItsFiguresFromTheHistory() throws Exception {
    try (AnalyticsService first = AnalyticsService.builder(transport).clock(clock).start()) {
      publishTwoOrders();
      awaitRevenue(first, 6_200);
    }
    try (AnalyticsService second = AnalyticsService.builder(transport).clock(clock).start()) {
      // orders and payments are separate topics, read side by side: wait for both
      Figures figures =
          Await.until(
              "both orders and their revenue",
              WAIT,
              EVERY,
              second::figures,
              f -> f.revenueCents() == 6_200 && f.ordersPlaced() == 2);
      assertThat(figures.ordersPlaced()).isEqualTo(2);
    }
  }

  @Test
  void builder_rejectsNoTopSkus() {
    assertThatThrownBy(() -> AnalyticsService.builder(transport).topSkus(0).start())
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("topSkus must be 1 or more");
  }

  private void publishTwoOrders() {
    shop.publish(
        new OrderPlaced("o-1", "c-1", List.of(new Line("TEA-GREEN", 2, 650)), 1_300, START));
    shop.publish(
        new OrderPlaced("o-2", "c-2", List.of(new Line("POT-CAST", 1, 4_900)), 4_900, START));
    shop.publish(new PaymentCaptured("o-1", "p-1", 1_300));
    shop.publish(new PaymentCaptured("o-2", "p-2", 4_900));
    shop.publish(new OrderConfirmed("o-1"));
    shop.publish(new OrderShipped("o-2", "s-2"));
  }

  private static Figures awaitRevenue(AnalyticsService analytics, long cents)
      throws InterruptedException {
    return Await.until(
        "revenue " + cents, WAIT, EVERY, analytics::figures, f -> f.revenueCents() == cents);
  }
}
