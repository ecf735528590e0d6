package dev.herald.shop.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.EventTypes;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.log.LogEventStore;
import dev.herald.log.LogTransport;
import dev.herald.log.LogTransports;
import dev.herald.shop.events.ShippingEvents.ShipOrder;
import dev.herald.shop.events.ShippingEvents.ShipmentCreated;
import dev.herald.shop.events.ShippingEvents.ShipmentShipped;
import dev.herald.shop.events.ShopEvents;
import dev.herald.testkit.BusProbe;
import dev.herald.testkit.ManualClock;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShippingLogTest {
  @TempDir Path directory;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));

  private LogTransport open() {
    return LogTransports.open("log:" + directory + "?partitions=1");
  }

  private ShippingService start(EventStore store, LogTransport transport) {
    return ShippingService.builder(store, transport)
        .delay(ShippingServiceTest.DELAY)
        .pollEvery(ShippingServiceTest.POLL)
        .clock(clock)
        .start();
  }

  @Test
  void restart_shipsAShipmentThatFellDueWhileDown() throws Exception {
    try (LogTransport transport = open();
        EventStore store = LogEventStore.open(transport);
        ShippingService shipping = start(store, transport);
        BusProbe facts =
            new BusProbe(
                transport,
                ShopEvents.register(new EventTypes()),
                ShippingServiceTest.FACTS,
                ShipmentScheduled.class)) {
      facts.send(new ShipOrder("o-1", "c-1", ShippingServiceTest.LINES));
      facts.await(ShipmentCreated.class, "the shipment", s -> !s.isEmpty());
      ShippingServiceTest.twoLooks(shipping);
      assertThat(shipping.shipment("o-1").status()).isEqualTo(Shipment.Status.CREATED);
      assertThat(shipping.pending()).containsExactly("o-1");
    }

    clock.advance(ShippingServiceTest.DELAY.plusSeconds(1));

    try (LogTransport transport = open();
        EventStore store = LogEventStore.open(transport);
        ShippingService shipping = start(store, transport);
        BusProbe facts =
            new BusProbe(
                transport,
                ShopEvents.register(new EventTypes()),
                ShippingServiceTest.FACTS,
                ShipmentScheduled.class)) {
      assertThat(facts.await(ShipmentShipped.class, "the parcel leaving", s -> !s.isEmpty()))
          .containsExactly(new ShipmentShipped("o-1", "ship-o-1"));
      facts.send(new ShipOrder("o-1", "c-1", ShippingServiceTest.LINES));
      facts.send(new ShipOrder("o-2", "c-2", ShippingServiceTest.LINES));
      facts.await(ShipmentCreated.class, "o-2's shipment", s -> s.size() >= 2);
      ShippingServiceTest.twoLooks(shipping);

      assertThat(facts.of(ShipmentCreated.class))
          .extracting(ShipmentCreated::orderId)
          .containsExactly("o-1", "o-2");
      assertThat(facts.of(ShipmentShipped.class)).hasSize(1);
      assertThat(shipping.pending()).containsExactly("o-2");
    }
  }
}
