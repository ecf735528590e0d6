package dev.herald.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.Envelope;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.testkit.Await;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventIndexTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final EventIndex.Settings FAST =
      new EventIndex.Settings(1_000, 1 << 20, Duration.ofMillis(20));

  private final Transport transport = Transports.memory(2);

  @AfterEach
  void close() {
    transport.close();
  }

  private static Envelope event(String id, String type) {
    return Envelope.builder()
        .id(id)
        .source("/test")
        .type(type)
        .extension(Envelope.PARTITION_KEY, "k")
        .data("{}")
        .build();
  }

  @Test
  void listener_hearsOfEventsOnTopicsCreatedAfterTheStart_butNotOfHeraldsOwn() throws Exception {
    BlockingQueue<IndexedEvent> heard = new LinkedBlockingQueue<>();
    try (EventIndex index = EventIndex.start(transport, FAST, Clock.systemUTC());
        EventIndex.Registration registration = index.listen(heard::add)) {
      transport.append("billing.dlq", List.of(event("copy", "shop.order.placed"))).join();
      transport.append("herald.audit", List.of(event("own", "shop.order.placed"))).join();
      transport
          .append(
              "shop.order",
              List.of(event("control", "herald.replay"), event("e-1", "shop.order.placed")))
          .join();

      IndexedEvent first = heard.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      assertThat(first).isNotNull();
      assertThat(first.id()).isEqualTo("e-1");
      assertThat(first.delivery().topic()).isEqualTo("shop.order");
      assertThat(first.delivery().offset()).isEqualTo(1);
      assertThat(index.topics()).containsExactly("shop.order");
      assertThat(index.byId("copy")).isEmpty();
      assertThat(index.byId("control")).isEmpty();
    }
  }

  @Test
  void close_endsTheFollowingThreads_andCommitsNothing() throws Exception {
    transport.append("shop.closing", List.of(event("e-1", "shop.closing.done"))).join();
    EventIndex index = EventIndex.start(transport, FAST, Clock.systemUTC());
    Await.until(
        "the event indexed",
        WAIT,
        Duration.ofMillis(10),
        () -> index.byId("e-1"),
        o -> o.isPresent());

    index.close();

    assertThat(Thread.getAllStackTraces().keySet())
        .noneMatch(thread -> thread.getName().equals("herald-index-shop.closing"));
    assertThat(transport.committedOffsets()).contains(List.of());
  }
}
