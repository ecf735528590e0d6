package dev.herald.shop.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.Codec;
import dev.herald.core.Envelope;
import dev.herald.core.EventTypes;
import dev.herald.core.RegisteredType;
import dev.herald.shop.events.OrderEvents.OrderPlaced;
import dev.herald.shop.events.PaymentEvents.PaymentCaptured;
import dev.herald.shop.events.StockEvents.ReserveStock;
import dev.herald.shop.events.StockEvents.StockLevelChanged;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShopEventsTest {
  private final EventTypes types = ShopEvents.register(new EventTypes());

  @Test
  void all_areNamedShopAreaEvent_onceEach_withAKey() {
    Set<String> names = new HashSet<>();
    for (Class<?> type : ShopEvents.all()) {
      RegisteredType<?> registered = types.of(type);
      assertThat(registered.name()).matches("shop\\.[a-z]+\\.[a-z.]+");
      assertThat(names.add(registered.name())).as("%s named once", registered.name()).isTrue();
      assertThat(registered.keyComponent()).as("key of %s", registered.name()).isPresent();
    }
    assertThat(names).hasSize(ShopEvents.all().size());
  }

  @Test
  void commands_goToTheirAreasCommandTopic_factsToTheAreaTopic() {
    assertThat(types.of(OrderPlaced.class).topic()).isEqualTo("shop.order");
    assertThat(types.of(PaymentCaptured.class).topic()).isEqualTo("shop.payment");
    assertThat(types.of(ReserveStock.class).topic()).isEqualTo("shop.stock.commands");
    assertThat(types.of(StockLevelChanged.class).topic()).isEqualTo("shop.stock.levels");
  }

  @Test
  void orderPlaced_roundTripsThroughJson_withItsKey() {
    OrderPlaced placed =
        new OrderPlaced(
            "o-1",
            "c-1",
            List.of(new Line("TEA-GREEN", 2, 650), new Line("KETTLE", 1, 7_500)),
            8_800,
            Instant.parse("2026-01-02T03:04:05Z"));
    Envelope envelope =
        Envelope.builder()
            .id("e-1")
            .source("test")
            .type("shop.order.placed")
            .time(Instant.EPOCH)
            .data(Codec.json().encode(placed))
            .build();

    assertThat(Codec.json().decode(envelope, OrderPlaced.class)).isEqualTo(placed);
    assertThat(types.of(OrderPlaced.class).keyOf(placed)).contains("o-1");
  }

  @Test
  void line_costsQuantityTimesUnitPrice() {
    assertThat(new Line("KETTLE", 3, 7_500).cents()).isEqualTo(22_500);
  }
}
