package dev.herald.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.Delivery;
import dev.herald.core.Envelope;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventWindowTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

  private static Delivery event(String id, String flow, int second, long offset) {
    Envelope envelope =
        Envelope.builder()
            .id(id)
            .source("/test")
            .type("shop.order.placed")
            .time(T0.plusSeconds(second))
            .extension(Envelope.CORRELATION_ID, flow)
            .data("{}")
            .build();
    return new Delivery(envelope, "shop.order", 0, offset);
  }

  @Test
  void add_beyondCapacity_forgetsTheOldest_inEveryIndex() {
    EventWindow window = new EventWindow(3, Long.MAX_VALUE);
    for (int i = 0; i < 5; i++) {
      window.add(event("e-" + i, i < 2 ? "old-flow" : "new-flow", i, i), T0);
    }

    assertThat(window.size()).isEqualTo(3);
    assertThat(window.byId("e-0")).isEmpty();
    assertThat(window.byId("e-1")).isEmpty();
    assertThat(window.byId("e-2")).isPresent();
    assertThat(window.byCorrelation("old-flow")).isEmpty();
    assertThat(window.byCorrelation("new-flow"))
        .extracting(IndexedEvent::id)
        .containsExactly("e-2", "e-3", "e-4");
    assertThat(window.latest(10, e -> true))
        .extracting(IndexedEvent::id)
        .containsExactly("e-2", "e-3", "e-4");
  }

  @Test
  void add_beyondMaxBytes_forgetsTheOldest_butKeepsTheNewest() {
    long size = event("e-0", "f", 0, 0).envelope().approximateSize();
    EventWindow window = new EventWindow(100, size * 2);
    window.add(event("e-0", "f", 0, 0), T0);
    window.add(event("e-1", "f", 1, 1), T0);
    window.add(event("e-2", "f", 2, 2), T0);

    assertThat(window.latest(10, e -> true))
        .extracting(IndexedEvent::id)
        .containsExactly("e-1", "e-2");

    EventWindow tiny = new EventWindow(100, 1);
    tiny.add(event("big", "f", 0, 0), T0);
    assertThat(tiny.byId("big")).isPresent();
  }

  @Test
  void byCorrelation_ordersByEventTime_thenByReadOrder() {
    EventWindow window = new EventWindow(10, Long.MAX_VALUE);
    window.add(event("shipped", "f", 30, 0), T0);
    window.add(event("placed", "f", 10, 1), T0);
    window.add(event("paid-a", "f", 20, 2), T0);
    window.add(event("paid-b", "f", 20, 3), T0);
    window.add(event("elsewhere", "g", 0, 4), T0);

    assertThat(window.byCorrelation("f"))
        .extracting(IndexedEvent::id)
        .containsExactly("placed", "paid-a", "paid-b", "shipped");
  }

  @Test
  void byId_ofARepeatedId_findsTheNewest_andKeepsItWhenTheOlderGoes() {
    EventWindow window = new EventWindow(2, Long.MAX_VALUE);
    window.add(event("dup", "f", 0, 0), T0);
    window.add(event("dup", "f", 1, 7), T0);
    window.add(event("other", "f", 2, 8), T0);

    assertThat(window.byId("dup"))
        .hasValueSatisfying(e -> assertThat(e.delivery().offset()).isEqualTo(7));
  }

  @Test
  void latest_takesTheNewestThatMatch_oldestFirst() {
    EventWindow window = new EventWindow(10, Long.MAX_VALUE);
    for (int i = 0; i < 6; i++) {
      window.add(event("e-" + i, "f", i, i), T0);
    }

    assertThat(window.latest(2, e -> e.delivery().offset() % 2 == 0))
        .extracting(IndexedEvent::id)
        .containsExactly("e-2", "e-4");
  }
}
