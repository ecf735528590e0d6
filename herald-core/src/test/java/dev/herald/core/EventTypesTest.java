package dev.herald.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EventTypesTest {
  @EventType(name = "shop.order.placed", version = 2, key = "orderId")
  record OrderPlaced(String orderId, int total) {}

  @EventType(name = "shop.order.cancelled", key = "orderId")
  record OrderCancelled(String orderId) {}

  @EventType(name = "iot.reading", topic = "readings", key = "sensor")
  record Reading(String sensor, double value) {}

  @EventType(name = "broken.key", key = "nope")
  record BrokenKey(String id) {}

  record Plain(String id) {}

  static final class NotARecord {}

  private final EventTypes types = new EventTypes();

  @Test
  void of_registersAnnotatedRecordWithTopicFromName() {
    RegisteredType<OrderPlaced> placed = types.of(OrderPlaced.class);
    RegisteredType<OrderCancelled> cancelled = types.of(OrderCancelled.class);

    assertThat(placed.name()).isEqualTo("shop.order.placed");
    assertThat(placed.version()).isEqualTo(2);
    assertThat(placed.topic()).isEqualTo("shop.order").isEqualTo(cancelled.topic());
    assertThat(placed.schemaUri()).hasToString("urn:herald:shop.order.placed:v2");
    assertThat(types.named("shop.order.placed")).contains(placed);
  }

  @Test
  void of_usesExplicitTopic() {
    assertThat(types.of(Reading.class).topic()).isEqualTo("readings");
  }

  @Test
  void keyOf_readsTheNamedComponent() {
    assertThat(types.of(OrderPlaced.class).keyOf(new OrderPlaced("o-5", 10))).contains("o-5");
    assertThat(types.register(Plain.class, "plain.thing", 1, "", "").keyOf(new Plain("x")))
        .isEmpty();
  }

  @Test
  void keyOf_rejectsNullKey() {
    assertThatThrownBy(() -> types.of(OrderPlaced.class).keyOf(new OrderPlaced(null, 1)))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("key component 'orderId'")
        .hasMessageContaining("is null");
  }

  @Test
  void register_rejectsUnknownKeyComponentListingTheRealOnes() {
    assertThatThrownBy(() -> types.of(BrokenKey.class))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("names key 'nope'")
        .hasMessageContaining("[id]");
  }

  @Test
  void of_rejectsUnannotatedClassSayingHowToRegister() {
    assertThatThrownBy(() -> types.of(Plain.class))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("@EventType")
        .hasMessageContaining("register(");
  }

  @Test
  void register_rejectsNonRecordsBadNamesAndVersions() {
    assertThatThrownBy(() -> types.register(NotARecord.class, "a.b", 1, "", ""))
        .hasMessageContaining("not a record");
    assertThatThrownBy(() -> types.register(Plain.class, "has space", 1, "", ""))
        .hasMessageContaining("dot-separated");
    assertThatThrownBy(() -> types.register(Plain.class, "a.b", 0, "", ""))
        .hasMessageContaining("versions start at 1");
    assertThatThrownBy(() -> types.register(Plain.class, "a.b", 1, "bad/topic", ""))
        .hasMessageContaining("topic");
  }

  @Test
  void register_rejectsSecondClassWithTakenName() {
    types.register(Plain.class, "shop.order.placed", 1, "", "");
    assertThatThrownBy(() -> types.of(OrderPlaced.class))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("is taken by");
  }

  @Test
  void register_isIdempotentForTheSameSettings() {
    RegisteredType<OrderPlaced> first = types.register(OrderPlaced.class);
    assertThat(types.register(OrderPlaced.class)).isEqualTo(first);
  }
}
