package dev.herald.eventstore.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.Codec;
import dev.herald.core.Envelope;
import dev.herald.core.EventBus;
import dev.herald.core.EventType;
import dev.herald.core.EventTypes;
import dev.herald.core.HandlerOptions;
import dev.herald.core.HeraldException;
import dev.herald.core.Position;
import dev.herald.core.spi.ForwardingTransport;
import dev.herald.core.spi.Transport;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.ExpectedVersion;
import dev.herald.eventstore.NewEvent;
import dev.herald.eventstore.memory.InMemoryEventStore;
import dev.herald.log.LogTransport;
import dev.herald.log.LogTransports;
import dev.herald.testkit.Await;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventStoreRelayTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration EVERY = Duration.ofMillis(5);

  @EventType(name = "shop.order.placed", key = "orderId")
  record OrderPlaced(String orderId, long cents) {}

  @EventType(name = "shop.order.paid", key = "orderId")
  record OrderPaid(String orderId) {}

  @TempDir Path directory;
  private final EventStore store = new InMemoryEventStore();
  private final List<AutoCloseable> open = new ArrayList<>();
  private LogTransport transport;

  @BeforeEach
  void openLog() {
    transport = LogTransports.open(directory);
  }

  @AfterEach
  void closeAll() throws Exception {
    Collections.reverse(open);
    for (AutoCloseable c : open) {
      c.close();
    }
    store.close();
    transport.close();
  }

  private <T extends AutoCloseable> T keep(T closeable) {
    open.add(closeable);
    return closeable;
  }

  private static NewEvent event(Object record) {
    EventTypes types = new EventTypes();
    return new NewEvent(
        UUID.randomUUID().toString(),
        types.of(record.getClass()).name(),
        Codec.json().encode(record),
        Map.of("correlationid", "flow-1"));
  }

  /** Everything on the topic, per stream, in offset order within each partition. */
  private Map<String, List<Envelope>> onTopic(String topic) {
    Map<String, List<Envelope>> byStream = new LinkedHashMap<>();
    for (int p = 0; p < transport.partitions(topic); p++) {
      for (var delivery : transport.read(topic, p, 0, 10_000)) {
        Envelope e = delivery.envelope();
        byStream
            .computeIfAbsent(e.extension("stream").orElseThrow(), s -> new ArrayList<>())
            .add(e);
      }
    }
    return byStream;
  }

  private void awaitRelayed(EventStoreRelay relay) throws InterruptedException {
    long end = store.lastPosition() + 1;
    Await.until(
        "the relay to carry every event up to position " + end,
        WAIT,
        EVERY,
        relay::relayedPosition,
        p -> p >= end);
  }

  @Test
  void appendedEvents_reachTheTopicOfTheirType_withTheirIdsAndStreamOrder() throws Exception {
    List<NewEvent> first = List.of(event(new OrderPlaced("1", 500)), event(new OrderPaid("1")));
    NewEvent second = event(new OrderPlaced("2", 700));
    store.append("order-1", ExpectedVersion.noStream(), first);
    store.append("order-2", ExpectedVersion.noStream(), List.of(second));

    EventStoreRelay relay = keep(EventStoreRelay.builder(store, transport).start());
    awaitRelayed(relay);

    Map<String, List<Envelope>> relayed = onTopic("shop.order");
    assertThat(relayed.get("order-1"))
        .extracting(Envelope::id)
        .containsExactly(first.get(0).id(), first.get(1).id());
    assertThat(relayed.get("order-2")).extracting(Envelope::id).containsExactly(second.id());
    Envelope paid = relayed.get("order-1").get(1);
    assertThat(paid.type()).isEqualTo("shop.order.paid");
    assertThat(paid.correlationId()).contains("flow-1");
    assertThat(paid.partitionKey()).contains("order-1");
    assertThat(paid.extension("streamversion")).contains("1");
    assertThat(paid.source()).isEqualTo("herald.eventstore");
    assertThat(store.checkpoints().load("relay.bus")).hasValue(store.lastPosition() + 1);
  }

  @Test
  void anEventWithAKey_isKeyedByIt_andOthersByTheirStream() throws Exception {
    NewEvent keyed =
        new NewEvent(
            UUID.randomUUID().toString(),
            "shop.order.placed",
            Codec.json().encode(new OrderPlaced("7", 1)),
            Map.of(Envelope.PARTITION_KEY, "7"));
    store.append("order-7", ExpectedVersion.noStream(), List.of(keyed, event(new OrderPaid("7"))));

    EventStoreRelay relay = keep(EventStoreRelay.builder(store, transport).start());
    awaitRelayed(relay);

    assertThat(onTopic("shop.order").get("order-7"))
        .extracting(e -> e.partitionKey().orElseThrow())
        .containsExactlyInAnyOrder("7", "order-7");
  }

  @Test
  void aBusHandlerOfTheType_hearsTheAppendedEvent_whileTheRelayFollowsLive() throws Exception {
    EventStoreRelay relay = keep(EventStoreRelay.builder(store, transport).start());
    Await.until("the relay to follow live", WAIT, EVERY, relay::isLive, live -> live);
    CompletableFuture<OrderPlaced> heard = new CompletableFuture<>();
    EventBus shipping = keep(EventBus.builder("shipping").transport(transport).build());
    shipping.on(OrderPlaced.class, (placed, context) -> heard.complete(placed));
    shipping.start();

    store.append("order-9", ExpectedVersion.noStream(), List.of(event(new OrderPlaced("9", 1250))));

    assertThat(heard.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
        .isEqualTo(new OrderPlaced("9", 1250));
  }

  @Test
  void aRestartedRelay_resumesAtItsCheckpoint_withoutSendingAnythingTwice() throws Exception {
    store.append("order-1", ExpectedVersion.noStream(), List.of(event(new OrderPlaced("1", 1))));
    try (EventStoreRelay relay = EventStoreRelay.builder(store, transport).start()) {
      awaitRelayed(relay);
    }
    store.append("order-1", ExpectedVersion.exactly(0), List.of(event(new OrderPaid("1"))));

    EventStoreRelay again = keep(EventStoreRelay.builder(store, transport).start());
    awaitRelayed(again);

    assertThat(onTopic("shop.order").get("order-1"))
        .extracting(e -> e.extension("streamversion").orElseThrow())
        .containsExactly("0", "1");
  }

  @Test
  void whenTheTransportRefuses_theRelayStartsAgainFromItsCheckpoint_andSkipsNothing()
      throws Exception {
    AtomicInteger refusals = new AtomicInteger(3);
    Transport flaky =
        new ForwardingTransport(transport) {
          @Override
          public CompletableFuture<List<Position>> append(String topic, List<Envelope> events) {
            if (refusals.getAndDecrement() > 0) {
              return CompletableFuture.failedFuture(new HeraldException("disk full (test)"));
            }
            return super.append(topic, events);
          }
        };
    for (int i = 0; i < 5; i++) {
      store.append(
          "order-" + i, ExpectedVersion.noStream(), List.of(event(new OrderPlaced("" + i, i))));
    }

    EventStoreRelay relay =
        keep(EventStoreRelay.builder(store, flaky).backoff(Duration.ofMillis(20)).start());
    awaitRelayed(relay);

    Map<String, List<Envelope>> relayed = onTopic("shop.order");
    assertThat(relayed).hasSize(5);
    assertThat(refusals.get()).isNegative();
  }

  @Test
  void anEventRelayedTwice_isHandledOnce_byAnIdempotentHandler() throws Exception {
    NewEvent placed = event(new OrderPlaced("5", 99));
    store.append("order-5", ExpectedVersion.noStream(), List.of(placed));
    try (EventStoreRelay relay = EventStoreRelay.builder(store, transport).start()) {
      awaitRelayed(relay);
    }
    store.checkpoints().save("relay.bus", 0); // as if it crashed before its checkpoint
    EventStoreRelay again = keep(EventStoreRelay.builder(store, transport).start());
    awaitRelayed(again);
    // in the same stream, so on the same partition, after both copies: handled means they were
    NewEvent marker = event(new OrderPlaced("6", 1));
    store.append("order-5", ExpectedVersion.exactly(0), List.of(marker));
    awaitRelayed(again);
    assertThat(onTopic("shop.order").get("order-5"))
        .extracting(Envelope::id)
        .containsExactly(placed.id(), placed.id(), marker.id());

    Map<String, AtomicInteger> charged = new ConcurrentHashMap<>();
    EventBus payments = keep(EventBus.builder("payments").transport(transport).build());
    payments.on(
        OrderPlaced.class,
        (event, context) ->
            charged.computeIfAbsent(event.orderId(), k -> new AtomicInteger()).incrementAndGet(),
        HandlerOptions.builder().idempotent().build());
    payments.start();

    Await.until("the marker to be handled", WAIT, EVERY, () -> charged.containsKey("6"), b -> b);
    assertThat(charged.get("5")).hasValue(1);
  }

  @Test
  void twoRelaysOfOneName_relayEachEventOnce_andTheOtherTakesOverWhenTheOneRelayingCloses()
      throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      NewEvent placed = event(new OrderPlaced("" + i, i));
      store.append("order-" + i, ExpectedVersion.noStream(), List.of(placed));
      ids.add(placed.id());
    }
    // as two instances of one service would, in two processes on one store and one transport
    EventStoreRelay first = keep(EventStoreRelay.builder(store, transport).name("orders").start());
    EventStoreRelay second = keep(EventStoreRelay.builder(store, transport).name("orders").start());
    Await.until("the events on the bus", WAIT, EVERY, () -> relayedIds().size(), n -> n >= 5);
    Await.until(
        "a relay to follow live", WAIT, EVERY, () -> first.isLive() || second.isLive(), b -> b);
    EventStoreRelay relaying = first.isLive() ? first : second;
    EventStoreRelay other = relaying == first ? second : first;

    assertThat(other.isLive()).as("the other relays too").isFalse();
    relaying.close();
    for (int i = 5; i < 10; i++) {
      NewEvent placed = event(new OrderPlaced("" + i, i));
      store.append("order-" + i, ExpectedVersion.noStream(), List.of(placed));
      ids.add(placed.id());
    }
    Await.until(
        "the other to relay the rest", WAIT, EVERY, () -> relayedIds().size(), n -> n >= 10);

    assertThat(other.isLive()).isTrue();
    assertThat(relayedIds()).as("each event once, in order").containsExactlyElementsOf(ids);
  }

  /**
   * The ids of every event on {@code shop.order}, in store order (one stream per partition key).
   */
  private List<String> relayedIds() {
    List<Envelope> all = new ArrayList<>();
    onTopic("shop.order").values().forEach(all::addAll);
    all.sort(
        Comparator.comparingInt(
            e ->
                Integer.parseInt(
                    e.extension("stream").orElseThrow().substring("order-".length()))));
    return all.stream().map(Envelope::id).toList();
  }
}
