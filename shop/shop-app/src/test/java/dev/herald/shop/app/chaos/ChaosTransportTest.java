package dev.herald.shop.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.Delivery;
import dev.herald.core.Envelope;
import dev.herald.core.StartPosition;
import dev.herald.core.Transports;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChaosTransportTest {
  private static final Duration POLL = Duration.ofMillis(200);

  private static List<Envelope> events(int count) {
    List<Envelope> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(
          Envelope.builder()
              .id("e-" + i)
              .source("test")
              .type("shop.x.happened")
              .data("{}")
              .build());
    }
    return events;
  }

  /** Polls until {@code count} deliveries came, in as few polls as the transport gives them. */
  private static List<Delivery> pollFor(Subscription subscription, int count)
      throws InterruptedException {
    List<Delivery> got = new ArrayList<>();
    for (int i = 0; i < 50 && got.size() < count; i++) {
      got.addAll(subscription.poll(POLL));
    }
    return got;
  }

  private static List<Long> offsets(List<Delivery> deliveries) {
    return deliveries.stream().map(Delivery::offset).toList();
  }

  @Test
  void duplicates_appendEachEventAgainWithItsId_onShopTopicsOnly() {
    try (Transport memory = Transports.memory(1)) {
      ChaosTransport chaos = new ChaosTransport(memory, new Chaos(1, 1.0, 0, 0, 0));

      assertThat(chaos.append("shop.x", events(3)).join()).hasSize(3);
      chaos.append("shop-inventory.dlq", events(2)).join();

      assertThat(memory.endOffsets("shop.x").orElseThrow()).containsEntry(0, 6L);
      assertThat(memory.endOffsets("shop-inventory.dlq").orElseThrow()).containsEntry(0, 2L);
      assertThat(chaos.counts().duplicates()).isEqualTo(3);
    }
  }

  @Test
  void redeliveries_readWhatAPollReturnedAgain() throws Exception {
    try (Transport memory = Transports.memory(1)) {
      memory.append("shop.x", events(3)).join();
      ChaosTransport chaos = new ChaosTransport(memory, new Chaos(1, 0, 1.0, 0, 0));
      try (Subscription subscription =
          chaos.subscribe("shop.x", "g", StartPosition.earliest(), RebalanceListener.none())) {
        List<Delivery> first = pollFor(subscription, 3);
        List<Delivery> again = pollFor(subscription, 3);

        assertThat(offsets(first)).containsExactly(0L, 1L, 2L);
        assertThat(offsets(again)).containsExactly(0L, 1L, 2L);
        assertThat(chaos.counts().redeliveries()).isGreaterThanOrEqualTo(1);
      }
    }
  }

  @Test
  void crashes_loseTheCommit_andReadAgainFromTheLastOne() throws Exception {
    try (Transport memory = Transports.memory(1)) {
      memory.append("shop.x", events(5)).join();
      ChaosTransport chaos = new ChaosTransport(memory, new Chaos(1, 0, 0, 1.0, 0));
      try (Subscription subscription =
          chaos.subscribe("shop.x", "g", StartPosition.earliest(), RebalanceListener.none())) {
        assertThat(offsets(pollFor(subscription, 5))).containsExactly(0L, 1L, 2L, 3L, 4L);
        subscription.commit(Map.of(0, 2L)); // the first commit of a partition always lands
        subscription.commit(Map.of(0, 5L)); // lost: the process "died" before it

        assertThat(offsets(pollFor(subscription, 3))).containsExactly(2L, 3L, 4L);
        assertThat(chaos.counts().crashes()).isEqualTo(1);
      }
    }
  }
}
