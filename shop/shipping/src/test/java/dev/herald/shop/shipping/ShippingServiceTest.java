package dev.herald.shop.shipping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.EventTypes;
import dev.herald.core.HeraldException;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.memory.InMemoryEventStore;
import dev.herald.shop.events.Line;
import dev.herald.shop.events.ShippingEvents.ShipOrder;
import dev.herald.shop.events.ShippingEvents.ShipmentCreated;
import dev.herald.shop.events.ShippingEvents.ShipmentShipped;
import dev.herald.shop.events.ShopEvents;
import dev.herald.testkit.Await;
import dev.herald.testkit.BusProbe;
import dev.herald.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ShippingServiceTest {
  static final Duration DELAY = Duration.ofMinutes(10);
  static final Duration POLL = Duration.ofMillis(10);
  static final List<Class<?>> FACTS = List.of(ShipmentCreated.class, ShipmentShipped.class);
  static final List<Line> LINES = List.of(new Line("TEA", 2, 500));

  // one partition: a later command is handled after the earlier ones, so its outcome marks them
  // done
  private final Transport transport = Transports.memory(1);
  private final EventStore store = new InMemoryEventStore();
  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
  private ShippingService shipping;
  private BusProbe facts;

  private void start() {
    shipping =
        ShippingService.builder(store, transport).delay(DELAY).pollEvery(POLL).clock(clock).start();
    facts =
        new BusProbe(
            transport, ShopEvents.register(new EventTypes()), FACTS, ShipmentScheduled.class);
  }

  @AfterEach
  void stop() {
    if (facts != null) {
      facts.close();
      shipping.close();
    }
    store.close();
    transport.close();
  }

  /**
   * Waits until the scheduler has looked twice more: any shipment due by now has had its chance.
   */
  static void twoLooks(ShippingService shipping) throws InterruptedException {
    long from = shipping.looks();
    Await.until(
        "two more looks", BusProbe.WAIT, BusProbe.EVERY, shipping::looks, n -> n >= from + 2);
  }

  @Test
  void shipOrder_createsAtOnceAndShipsAfterTheDelay() throws Exception {
    start();
    facts.send(new ShipOrder("o-1", "c-1", LINES));

    assertThat(facts.await(ShipmentCreated.class, "the shipment", s -> !s.isEmpty()))
        .containsExactly(new ShipmentCreated("o-1", "ship-o-1"));
    clock.advance(DELAY.minusSeconds(1));
    twoLooks(shipping);
    assertThat(shipping.shipment("o-1").status()).isEqualTo(Shipment.Status.CREATED);
    assertThat(facts.of(ShipmentShipped.class)).isEmpty();

    clock.advance(Duration.ofSeconds(1));
    assertThat(facts.await(ShipmentShipped.class, "the parcel leaving", s -> !s.isEmpty()))
        .containsExactly(new ShipmentShipped("o-1", "ship-o-1"));
    assertThat(shipping.shipment("o-1").status()).isEqualTo(Shipment.Status.SHIPPED);
  }

  @Test
  void shipOrder_sameEnvelopeTwiceAndSameOrderAgain_shipsOnce() throws Exception {
    start();
    facts.send(new ShipOrder("o-1", "c-1", LINES), "ship-1", 2);
    clock.advance(Duration.ofMinutes(1));
    facts.send(new ShipOrder("o-1", "c-1", LINES));
    facts.send(new ShipOrder("barrier", "c-9", LINES));
    facts.await(
        ShipmentCreated.class,
        "the barrier's shipment",
        s -> s.stream().anyMatch(c -> c.orderId().equals("barrier")));

    clock.advance(DELAY);
    facts.await(ShipmentShipped.class, "both shipped", s -> s.size() >= 2);
    twoLooks(shipping);
    assertThat(facts.of(ShipmentCreated.class))
        .extracting(ShipmentCreated::orderId)
        .containsExactly("o-1", "barrier");
    assertThat(facts.of(ShipmentShipped.class))
        .extracting(ShipmentShipped::orderId)
        .containsExactlyInAnyOrder("o-1", "barrier");
  }

  @Test
  void start_refusesANegativeDelay() {
    assertThatThrownBy(
            () -> ShippingService.builder(store, transport).delay(Duration.ofSeconds(-1)).start())
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("a shipping delay is 0 or more, was PT-1S");
  }
}
