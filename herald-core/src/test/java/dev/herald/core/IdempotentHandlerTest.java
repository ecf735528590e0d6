package dev.herald.core;

import static dev.herald.core.ObservedTransport.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Idempotent handlers on the memory transport: one run per event id and group. */
class IdempotentHandlerTest {
  @EventType(name = "test.card.charge", key = "orderId")
  record ChargeCard(String orderId, int cents) {}

  static final String TOPIC = "test.card";

  private final ObservedTransport transport = new ObservedTransport();
  private final List<EventBus> buses = new ArrayList<>();
  private final BlockingQueue<String> charged = new LinkedBlockingQueue<>();
  // The real time, moved on by the test: the consumer loop also reads the clock to pace commits.
  private final AtomicReference<Duration> skew = new AtomicReference<>(Duration.ZERO);
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneOffset getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.now().plus(skew.get());
        }
      };

  @AfterEach
  void close() {
    buses.forEach(EventBus::close);
    transport.close();
  }

  /** A payments service whose charge handler is idempotent with {@code options}. */
  private EventBus payments(String group, HandlerOptions options) {
    EventBus payments = EventBus.builder(group).transport(transport).clock(clock).build();
    payments.on(
        ChargeCard.class,
        (event, context) -> charged.add(context.envelope().id() + " " + event.orderId()),
        options);
    buses.add(payments);
    payments.start();
    return payments;
  }

  private Envelope charge(String orderId) {
    EventBus orders = EventBus.builder("orders").transport(transport).clock(clock).build();
    buses.add(orders);
    Position at = orders.publish(new ChargeCard(orderId, 500));
    return transport.stored(at);
  }

  /** A redelivery or duplicate publish: the very same envelope appended again. */
  private void appendAgain(Envelope event) {
    transport.append(TOPIC, List.of(event)).join();
  }

  @Test
  void aDuplicateOfAHandledEventIsSkippedAndLaterEventsStillRun() throws Exception {
    payments("payments", HandlerOptions.builder().idempotent().build());
    Envelope first = charge("o-1");
    assertThat(take(charged, "first charge")).isEqualTo(first.id() + " o-1");

    appendAgain(first);
    Envelope second = charge("o-1");

    assertThat(take(charged, "second charge")).isEqualTo(second.id() + " o-1");
    assertThat(charged).isEmpty();
  }

  @Test
  void theRecordIsStoredAfterTheHandlerAndBeforeTheCommit() throws Exception {
    payments("payments", HandlerOptions.builder().idempotent().build());
    Envelope event = charge("o-1");
    take(charged, "charge");
    Conditions.until(
        "the offset is committed",
        () -> transport.journal.stream().anyMatch(line -> line.startsWith("commit " + TOPIC)));

    List<String> journal = List.copyOf(transport.journal);
    int recorded = journal.indexOf("processed " + event.id());
    int committed = -1;
    for (int i = 0; i < journal.size(); i++) {
      if (journal.get(i).startsWith("commit " + TOPIC)) {
        committed = i;
        break;
      }
    }
    assertThat(recorded).as("processed record in %s", journal).isNotNegative();
    assertThat(recorded).isLessThan(committed);
  }

  @Test
  void aNewInstanceOfTheGroupRemembersWhatAnEarlierOneHandled() throws Exception {
    EventBus before = payments("payments", HandlerOptions.builder().idempotent().build());
    Envelope event = charge("o-1");
    take(charged, "charge");
    Conditions.until(
        "the record is stored", () -> transport.journal.contains("processed " + event.id()));
    before.close();

    payments("payments", HandlerOptions.builder().idempotent().build());
    appendAgain(event);
    Envelope next = charge("o-2");

    assertThat(take(charged, "next charge")).isEqualTo(next.id() + " o-2");
    assertThat(charged).isEmpty();
  }

  @Test
  void eachGroupHandlesTheEventOnce() throws Exception {
    payments("payments", HandlerOptions.builder().idempotent().build());
    payments("audit", HandlerOptions.builder().idempotent().build());
    Envelope event = charge("o-1");

    List<String> runs = List.of(take(charged, "charge"), take(charged, "charge"));
    appendAgain(event);
    Envelope next = charge("o-2");

    assertThat(runs).containsExactly(event.id() + " o-1", event.id() + " o-1");
    assertThat(List.of(take(charged, "next"), take(charged, "next")))
        .containsExactly(next.id() + " o-2", next.id() + " o-2");
    assertThat(charged).isEmpty();
  }

  @Test
  void afterItsWindowAnEventIdIsForgotten() throws Exception {
    payments("payments", HandlerOptions.builder().idempotent(Duration.ofMinutes(10)).build());
    Envelope event = charge("o-1");
    take(charged, "charge");
    // the record is stored just after the handler returns, stamped with the clock: let it be
    // stored at the old time before moving the clock on
    Conditions.until(
        "the record is stored", () -> transport.journal.contains("processed " + event.id()));

    skew.set(Duration.ofMinutes(11));
    appendAgain(event);

    assertThat(take(charged, "charge after the window")).isEqualTo(event.id() + " o-1");
  }

  @Test
  void aHandlerThatIsNotIdempotentRunsForEveryDelivery() throws Exception {
    payments("payments", HandlerOptions.defaults());
    Envelope event = charge("o-1");
    take(charged, "charge");

    appendAgain(event);

    assertThat(take(charged, "duplicate")).isEqualTo(event.id() + " o-1");
  }

  @Test
  void whenTheRecordCannotBeStoredTheEventStaysUncommittedAndComesBack() throws Exception {
    transport.failProcessed = true;
    java.util.concurrent.atomic.AtomicInteger runs =
        new java.util.concurrent.atomic.AtomicInteger();
    EventBus payments =
        EventBus.builder("payments")
            .transport(transport)
            .clock(clock)
            .redeliveryDelay(Duration.ofMillis(50))
            .build();
    payments.on(
        ChargeCard.class,
        (event, context) -> {
          charged.add(context.envelope().id() + " " + event.orderId());
          if (runs.incrementAndGet() == 2) {
            transport.failProcessed = false; // the store is back for the redelivery
          }
        },
        HandlerOptions.builder().idempotent().build());
    buses.add(payments);
    payments.start();
    Envelope event = charge("o-1");

    assertThat(take(charged, "charge")).isEqualTo(event.id() + " o-1");
    assertThat(take(charged, "the redelivery runs the handler again"))
        .isEqualTo(event.id() + " o-1");
    Conditions.until(
        "the record is stored on the redelivery",
        () -> transport.journal.contains("processed " + event.id()));
    assertThat(runs).hasValue(2);
  }

  @Test
  void theWindowMustBePositive() {
    assertThatThrownBy(() -> HandlerOptions.builder().idempotent(Duration.ZERO).build())
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("idempotency window must be positive");
    assertThatThrownBy(() -> HandlerOptions.builder().idempotent(null))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("use idempotent()");
  }
}
