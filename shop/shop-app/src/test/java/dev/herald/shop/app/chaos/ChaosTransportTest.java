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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** Each fault on the memory transport, one at a time, as a consumer sees it. */
class ChaosTransportTest {
  private static final Duration POLL = Duration.ofMillis(200);

  private static List<Envelope> events(int from, int count) {
    List<Envelope> events = new ArrayList<>();
    for (int i = from; i < from + count; i++) {
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

  /** The ids read twice from {@code topic}: the events the chaos duplicated. */
  private static Set<String> readTwice(Transport transport, String topic, int total)
      throws InterruptedException {
    try (Subscription reader =
        transport.subscribe(topic, "reader", StartPosition.earliest(), RebalanceListener.none())) {
      Set<String> seen = new HashSet<>();
      Set<String> twice = new HashSet<>();
      for (Delivery delivery : pollFor(reader, total)) {
        if (!seen.add(delivery.envelope().id())) {
          twice.add(delivery.envelope().id());
        }
      }
      return twice;
    }
  }

  /** A subscription of {@code memory} through chaos whose dice roll {@code rolls}, in order. */
  private static Subscription scripted(Transport memory, Chaos chaos, double... rolls) {
    Deque<Double> script = new ArrayDeque<>();
    for (double roll : rolls) {
      script.add(roll);
    }
    DoubleSupplier dice = () -> script.isEmpty() ? 0.99 : script.poll();
    return new ChaosSubscription(
        memory.subscribe("shop.x", "g", StartPosition.earliest(), RebalanceListener.none()),
        chaos,
        dice,
        new AtomicLong(),
        new AtomicLong());
  }

  @Test
  void duplicates_appendEachEventAgainWithItsId_onShopTopicsOnly() {
    try (Transport memory = Transports.memory(1)) {
      ChaosTransport chaos = new ChaosTransport(memory, new Chaos(1, 1.0, 0, 0, 0));

      assertThat(chaos.append("shop.x", events(0, 3)).join()).hasSize(3);
      chaos.append("shop-inventory.dlq", events(0, 2)).join();

      assertThat(memory.endOffsets("shop.x").orElseThrow()).containsEntry(0, 6L);
      assertThat(memory.endOffsets("shop-inventory.dlq").orElseThrow()).containsEntry(0, 2L);
      assertThat(chaos.counts().duplicates()).isEqualTo(3);
    }
  }

  @Test
  void duplicates_areDecidedByTheSeedAndTheEventId_notByTheOrderOfAppends() throws Exception {
    try (Transport first = Transports.memory(1);
        Transport second = Transports.memory(1);
        Transport otherSeed = Transports.memory(1)) {
      ChaosTransport a = new ChaosTransport(first, new Chaos(3, 0.3, 0, 0, 0));
      ChaosTransport b = new ChaosTransport(second, new Chaos(3, 0.3, 0, 0, 0));
      ChaosTransport c = new ChaosTransport(otherSeed, new Chaos(4, 0.3, 0, 0, 0));

      a.append("shop.x", events(0, 100)).join();
      List<Envelope> reversed = new ArrayList<>(events(0, 100));
      Collections.reverse(reversed);
      for (Envelope event : reversed) {
        b.append("shop.x", List.of(event)).join();
      }
      c.append("shop.x", events(0, 100)).join();

      Set<String> duplicated = readTwice(first, "shop.x", 100);
      assertThat(duplicated).hasSize((int) a.counts().duplicates()).hasSizeBetween(10, 50);
      assertThat(readTwice(second, "shop.x", 100)).isEqualTo(duplicated);
      assertThat(readTwice(otherSeed, "shop.x", 100)).isNotEqualTo(duplicated);
    }
  }

  @Test
  void redeliveries_readWhatAPollReturnedAgain() throws Exception {
    try (Transport memory = Transports.memory(1)) {
      memory.append("shop.x", events(0, 3)).join();
      ChaosTransport chaos = new ChaosTransport(memory, new Chaos(1, 0, 1.0, 0, 0));
      try (Subscription subscription =
          chaos.subscribe("shop.x", "g", StartPosition.earliest(), RebalanceListener.none())) {
        List<Delivery> first = pollFor(subscription, 3);
        List<Delivery> again = pollFor(subscription, 3);

        assertThat(offsets(first)).containsExactly(0L, 1L, 2L);
        assertThat(offsets(again)).containsExactly(0L, 1L, 2L);
        assertThat(chaos.counts().redeliveries()).isEqualTo(2);
      }
    }
  }

  @Test
  void crashes_loseTheCommit_andReadAgainFromTheLastOne() throws Exception {
    try (Transport memory = Transports.memory(1)) {
      memory.append("shop.x", events(0, 5)).join();
      ChaosTransport chaos = new ChaosTransport(memory, new Chaos(1, 0, 0, 1.0, 0));
      try (Subscription subscription =
          chaos.subscribe("shop.x", "g", StartPosition.earliest(), RebalanceListener.none())) {
        assertThat(offsets(pollFor(subscription, 5))).containsExactly(0L, 1L, 2L, 3L, 4L);
        subscription.commit(Map.of(0, 2L)); // the first commit of a partition always lands
        subscription.commit(Map.of(0, 5L)); // lost: the process "died" before it

        assertThat(offsets(pollFor(subscription, 3))).containsExactly(2L, 3L, 4L);
        assertThat(chaos.counts().crashes()).isEqualTo(1);
      }
      try (Subscription restarted =
          memory.subscribe("shop.x", "g", StartPosition.earliest(), RebalanceListener.none())) {
        assertThat(offsets(pollFor(restarted, 3))).as("the commit that landed").startsWith(2L);
      }
    }
  }

  @Test
  void crashes_onShopTopicsOnly() throws Exception {
    try (Transport memory = Transports.memory(1)) {
      memory.append("shop-inventory.processed", events(0, 5)).join();
      ChaosTransport chaos = new ChaosTransport(memory, new Chaos(1, 0, 1.0, 1.0, 0));
      try (Subscription subscription =
          chaos.subscribe(
              "shop-inventory.processed",
              "g",
              StartPosition.earliest(),
              RebalanceListener.none())) {
        assertThat(pollFor(subscription, 5)).hasSize(5);
        subscription.commit(Map.of(0, 2L));
        subscription.commit(Map.of(0, 5L));

        assertThat(subscription.poll(Duration.ofMillis(50))).isEmpty();
        assertThat(chaos.counts().crashes()).isZero();
        assertThat(chaos.counts().redeliveries()).isZero();
      }
    }
  }

  @Test
  void seek_byTheBus_isNotSkippedByALaterRedelivery() throws Exception {
    try (Transport memory = Transports.memory(1)) {
      memory.append("shop.x", events(0, 5)).join();
      // poll 1: no redelivery; poll 2: a redelivery, of the partition of the delivery at index 0
      try (Subscription subscription =
          scripted(memory, new Chaos(1, 0, 0.5, 0, 0), 0.9, 0.0, 0.0)) {
        assertThat(offsets(pollFor(subscription, 5))).containsExactly(0L, 1L, 2L, 3L, 4L);
        memory.append("shop.x", events(5, 5)).join();
        assertThat(offsets(pollFor(subscription, 5))).containsExactly(5L, 6L, 7L, 8L, 9L);

        subscription.seek(0, 3); // the bus: the handler of offset 3 failed, read from there again

        assertThat(offsets(pollFor(subscription, 7))).startsWith(3L, 4L, 5L).hasSize(7);
      }
    }
  }

  @Test
  void seek_byTheBus_isNotSkippedByALaterCrash() throws Exception {
    try (Transport memory = Transports.memory(1)) {
      memory.append("shop.x", events(0, 10)).join();
      // poll 1: no redelivery; the second commit: a crash
      try (Subscription subscription = scripted(memory, new Chaos(1, 0, 0, 0.5, 0), 0.9, 0.0)) {
        assertThat(pollFor(subscription, 10)).hasSize(10);
        subscription.commit(Map.of(0, 4L)); // lands: the first
        subscription.seek(0, 2); // the bus reads from 2 again
        subscription.commit(Map.of(0, 8L)); // lost: seek back to 4, which must not win over 2

        assertThat(offsets(pollFor(subscription, 8))).startsWith(2L, 3L, 4L).hasSize(8);
      }
    }
  }
}
