package dev.herald.shop.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.Codec;
import dev.herald.core.DecodeException;
import dev.herald.core.Delivery;
import dev.herald.core.EventTypes;
import dev.herald.core.StartPosition;
import dev.herald.core.Transports;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import dev.herald.shop.events.PaymentEvents.ChargePayment;
import dev.herald.shop.events.ShippingEvents.ShipOrder;
import dev.herald.shop.events.StockEvents.ReserveStock;
import dev.herald.shop.inventory.InventoryService;
import dev.herald.shop.orders.OrdersService;
import dev.herald.shop.payments.PaymentsService;
import dev.herald.shop.shipping.ShippingService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UndecodableEventsTest {
  private static final Set<String> EVERY_GROUP =
      Set.of(InventoryService.NAME, PaymentsService.NAME, ShippingService.NAME, OrdersService.NAME);

  private static List<Delivery> read(Transport transport, String topic) throws Exception {
    try (Subscription reader =
        transport.subscribe(topic, "reader", StartPosition.earliest(), RebalanceListener.none())) {
      List<Delivery> all = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        all.addAll(reader.poll(Duration.ofMillis(50)));
      }
      return all;
    }
  }

  @Test
  void publish_commandsOfEachHandlingGroup_onTheirTopics_thatNoneCanDecode() throws Exception {
    EventTypes types = new EventTypes();
    try (Transport memory = Transports.memory(1)) {
      Map<String, String> published = UndecodableEvents.publish(memory, 6, 1, EVERY_GROUP);

      assertThat(published).hasSize(6);
      assertThat(published.values())
          .containsExactly(
              InventoryService.NAME,
              PaymentsService.NAME,
              ShippingService.NAME,
              InventoryService.NAME,
              PaymentsService.NAME,
              ShippingService.NAME);
      for (Class<?> type : List.of(ReserveStock.class, ChargePayment.class, ShipOrder.class)) {
        List<Delivery> on = read(memory, types.of(type).topic());
        assertThat(on).hasSize(2);
        for (Delivery delivery : on) {
          assertThat(delivery.envelope().type()).isEqualTo(types.of(type).name());
          assertThat(delivery.envelope().source()).isEqualTo(UndecodableEvents.SOURCE);
          assertThat(published).containsKey(delivery.envelope().id());
          assertThatThrownBy(() -> Codec.json().decode(delivery.envelope(), type))
              .isInstanceOf(DecodeException.class);
          assertThat(UndecodableEvents.groupOf(delivery.envelope().type()))
              .contains(published.get(delivery.envelope().id()));
        }
      }
    }
  }

  @Test
  void publish_onlyForTheGroupsGiven_andNoneWithoutAHandlingGroup() {
    try (Transport memory = Transports.memory(1)) {
      assertThat(UndecodableEvents.publish(memory, 4, 1, Set.of(PaymentsService.NAME)).values())
          .containsExactly(
              PaymentsService.NAME,
              PaymentsService.NAME,
              PaymentsService.NAME,
              PaymentsService.NAME);
      assertThat(UndecodableEvents.publish(memory, 4, 1, Set.of(OrdersService.NAME))).isEmpty();
    }
  }

  @Test
  void groupOf_aTypeNoUndecodableHas_isEmpty() {
    assertThat(UndecodableEvents.groupOf("shop.order.placed")).isEmpty();
  }
}
