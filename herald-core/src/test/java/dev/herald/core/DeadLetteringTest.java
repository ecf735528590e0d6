package dev.herald.core;

import static dev.herald.core.ObservedTransport.take;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.spi.Names;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Retries and dead letters, through a bus on the memory transport. */
class DeadLetteringTest {
  @EventType(name = "test.payment.requested", key = "orderId")
  record PaymentRequested(String orderId, int amount) {}

  @EventType(name = "test.payment.noted", key = "orderId")
  record PaymentNoted(String orderId) {}

  static final String TOPIC = "test.payment";
  static final RetryPolicy FAST =
      RetryPolicy.builder()
          .maxAttempts(3)
          .initialDelay(Duration.ofMillis(5))
          .maxDelay(Duration.ofMillis(20))
          .build();

  private final ObservedTransport transport = new ObservedTransport();
  private final List<EventBus> buses = new ArrayList<>();
  private final BlockingQueue<String> handled = new LinkedBlockingQueue<>();

  @AfterEach
  void close() {
    buses.forEach(EventBus::close);
    transport.close();
  }

  private EventBus.Builder bus(String service) {
    return EventBus.builder(service).transport(transport);
  }

  private EventBus started(EventBus bus) {
    buses.add(bus);
    bus.start();
    return bus;
  }

  private EventBus publisher() {
    EventBus orders = bus("orders").build();
    buses.add(orders);
    return orders;
  }

  @Test
  void poisonEvent_isDeadLetteredAfterItsAttempts_whileOtherPartitionsFlow() throws Exception {
    String poison = transport.keyOn(TOPIC, 0);
    String behindPoison = transport.keyOn(TOPIC, 0, poison);
    String elsewhere = transport.keyOn(TOPIC, 1);
    AtomicInteger attempts = new AtomicInteger();
    CountDownLatch elsewhereHandled = new CountDownLatch(1);
    List<String> journalWhenBehindHandled = new ArrayList<>();
    EventBus payments = bus("payments").retry(FAST).build();
    payments.on(
        PaymentRequested.class,
        (event, context) -> {
          if (event.orderId().equals(poison)) {
            // The second attempt waits for the other partition: it gets there only if a retrying
            // event holds back nothing but its own partition.
            if (attempts.incrementAndGet() == 2) {
              assertThat(elsewhereHandled.await(10, TimeUnit.SECONDS)).isTrue();
            }
            throw new IllegalStateException("card service says no");
          }
          if (event.orderId().equals(elsewhere)) {
            elsewhereHandled.countDown();
          } else {
            journalWhenBehindHandled.addAll(transport.journal);
          }
          handled.add(event.orderId());
        });
    started(payments);

    EventBus orders = publisher();
    Position poisoned = orders.publish(new PaymentRequested(poison, 1));
    orders.publish(new PaymentRequested(behindPoison, 2));
    orders.publish(new PaymentRequested(elsewhere, 3));

    Envelope letter = transport.nextDeadLetter();
    assertThat(List.of(take(handled, "handled"), take(handled, "handled")))
        .containsExactlyInAnyOrder(behindPoison, elsewhere);
    assertThat(attempts).hasValue(3);
    assertThat(letter.extension("dlqattempts")).contains("3");
    assertThat(letter.extension("dlqreason")).contains("retries-exhausted");
    assertThat(letter.extension("dlqoffset")).contains(Long.toString(poisoned.offset()));
    assertThat(journalWhenBehindHandled)
        .as("the event behind the poison ran after its dead letter was stored")
        .contains("dlq " + letter.id());
  }

  @Test
  void nonRetryableException_isDeadLetteredAtOnce() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    EventBus payments =
        bus("payments")
            .retry(
                FAST.toBuilder().maxAttempts(10).noRetryOn(IllegalArgumentException.class).build())
            .build();
    payments.on(
        PaymentRequested.class,
        (event, context) -> {
          attempts.incrementAndGet();
          throw new IllegalArgumentException("amount must be positive");
        });
    started(payments);
    publisher().publish(new PaymentRequested("o-1", -5));

    Envelope letter = transport.nextDeadLetter();
    assertThat(attempts).hasValue(1);
    assertThat(letter.extension("dlqreason")).contains("not-retryable");
    assertThat(letter.extension("dlqerror"))
        .hasValueSatisfying(
            e -> assertThat(e).contains("IllegalArgumentException", "amount must be positive"));
  }

  @Test
  void undecodableEvent_isDeadLetteredAtOnceWithTheDecodeReason() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    EventBus payments = bus("payments").retry(FAST.toBuilder().maxAttempts(10).build()).build();
    payments.on(
        PaymentRequested.class,
        (event, context) -> {
          calls.incrementAndGet();
          handled.add(event.orderId());
        });
    started(payments);
    Envelope garbage =
        Envelope.builder()
            .id("garbage-1")
            .source("elsewhere")
            .type("test.payment.requested")
            .extension(Envelope.PARTITION_KEY, "o-1")
            .data("{not json")
            .build();
    transport.append(TOPIC, List.of(garbage)).join();
    publisher().publish(new PaymentRequested("o-1", 5));

    Envelope letter = transport.nextDeadLetter();
    assertThat(take(handled, "the event behind it")).isEqualTo("o-1");
    assertThat(calls).hasValue(1);
    assertThat(letter.id()).isEqualTo("garbage-1");
    assertThat(letter.extension("dlqreason")).contains("undecodable");
    assertThat(letter.extension("dlqattempts")).as("the handler never ran").contains("0");
    assertThat(letter.extension("dlqerror"))
        .hasValueSatisfying(e -> assertThat(e).contains("cannot decode event garbage-1"));
  }

  @Test
  void deadLetter_isTheOriginalEnvelopeWithCompleteMetadata() throws Exception {
    Instant before = Instant.now();
    EventBus payments = bus("payments").retry(RetryPolicy.none()).build();
    payments.on(
        PaymentRequested.class,
        (event, context) -> {
          throw new IllegalStateException("bank offline");
        },
        HandlerOptions.builder().name("charge-card").build());
    started(payments);
    Position position = publisher().publish(new PaymentRequested("o-7", 70));

    Envelope letter = transport.nextDeadLetter();
    Envelope original = readTopic(TOPIC).get(0);
    assertThat(letter.id()).isEqualTo(original.id());
    assertThat(letter.source()).isEqualTo(original.source());
    assertThat(letter.type()).isEqualTo(original.type());
    assertThat(letter.time()).isEqualTo(original.time());
    assertThat(letter.subject()).isEqualTo(original.subject());
    assertThat(letter.dataSchema()).isEqualTo(original.dataSchema());
    assertThat(letter.data()).isEqualTo(original.data());
    assertThat(letter.extensions()).containsAllEntriesOf(original.extensions());
    assertThat(letter.extensions())
        .containsEntry("dlqreason", "retries-exhausted")
        .containsEntry("dlqattempts", "1")
        .containsEntry("dlqtopic", TOPIC)
        .containsEntry("dlqpartition", Integer.toString(position.partition()))
        .containsEntry("dlqoffset", Long.toString(position.offset()))
        .containsEntry("dlqhandler", "charge-card")
        .containsEntry("dlqgroup", "payments")
        .containsKeys("dlqid", "dlqerror", "dlqtime");
    assertThat(letter.extension("dlqerror").orElseThrow()).contains("bank offline");
    assertThat(Instant.parse(letter.extension("dlqtime").orElseThrow())).isAfterOrEqualTo(before);

    assertThat(DeadLetters.topic("payments")).isEqualTo("payments.dlq");
    assertThat(Names.check("topic", DeadLetters.actionsTopic("payments")))
        .isEqualTo("payments.dlq-actions");
    DeadLetter listed = payments.deadLetters().list(DeadLetterFilter.all()).get(0);
    assertThat(listed.envelope()).isEqualTo(original);
    assertThat(listed.id()).isEqualTo(letter.extension("dlqid").orElseThrow());
    assertThat(listed.reason()).isEqualTo(DeadLetterReason.RETRIES_EXHAUSTED);
    assertThat(listed.attempts()).isEqualTo(1);
    assertThat(listed.original()).isEqualTo(position);
    assertThat(listed.handler()).isEqualTo("charge-card");
    assertThat(listed.group()).isEqualTo("payments");
    assertThat(listed.sequence()).isEmpty();
    assertThat(listed.status()).isEqualTo(DeadLetter.Status.PENDING);
    assertThat(listed.position().topic()).isEqualTo("payments.dlq");
  }

  @Test
  void unreadableRecord_isDeadLetteredWithTheTransportsReason() throws Exception {
    EventBus payments = bus("payments").build();
    payments.on(PaymentRequested.class, (event, context) -> handled.add(event.orderId()));
    started(payments);
    String key = transport.keyOn(TOPIC, 2);
    Envelope unreadable =
        Envelope.builder()
            .id("kafka-test.payment-2-0")
            .source("kafka://test.payment")
            .type("herald.unreadable")
            .extension("heraldreason", "record is no CloudEvent: no ce_specversion header")
            .extension(Envelope.PARTITION_KEY, key)
            .data("raw bytes")
            .build();
    transport.append(TOPIC, List.of(unreadable)).join();
    publisher().publish(new PaymentRequested(key, 1));

    Envelope letter = transport.nextDeadLetter();
    assertThat(take(handled, "the event behind it")).isEqualTo(key);
    assertThat(letter.extension("dlqreason")).contains("unreadable");
    assertThat(letter.extension("dlqerror"))
        .contains("record is no CloudEvent: no ce_specversion header");
    assertThat(letter.extension("dlqhandler")).contains("-");
    assertThat(letter.extension("dlqattempts")).contains("0");
  }

  @Test
  void eventsOfTypesWithoutHandler_areSkippedNotDeadLettered() throws Exception {
    EventBus payments = bus("payments").build();
    payments.on(PaymentRequested.class, (event, context) -> handled.add(event.orderId()));
    started(payments);
    EventBus orders = publisher();
    orders.publish(new PaymentNoted("o-1"));
    orders.publish(new PaymentRequested("o-1", 1));

    assertThat(take(handled, "the handled type")).isEqualTo("o-1");
    assertThat(transport.deadLettered).isEmpty();
    assertThat(payments.deadLetters().list(DeadLetterFilter.all())).isEmpty();
  }

  @Test
  void failedDeadLetterAppend_keepsTheOffsetUncommitted_andTheEventComesBack() throws Exception {
    transport.failDeadLetters = true;
    String poison = transport.keyOn(TOPIC, 0);
    String behind = transport.keyOn(TOPIC, 0, poison);
    AtomicInteger poisonCalls = new AtomicInteger();
    EventBus payments =
        bus("payments").retry(RetryPolicy.none()).redeliveryDelay(Duration.ofMillis(20)).build();
    payments.on(
        PaymentRequested.class,
        (event, context) -> {
          if (event.orderId().equals(poison)) {
            poisonCalls.incrementAndGet();
            throw new IllegalStateException("poison");
          }
          handled.add(event.orderId());
        });
    started(payments);
    EventBus orders = publisher();
    Position poisoned = orders.publish(new PaymentRequested(poison, 1));
    orders.publish(new PaymentRequested(behind, 2));

    Envelope first = take(transport.refused, "a refused dead letter");
    Envelope again = take(transport.refused, "the same dead letter once the event came back");
    assertThat(again.extension("dlqid")).isEqualTo(first.extension("dlqid"));
    assertThat(handled.poll(100, TimeUnit.MILLISECONDS))
        .as("nothing behind the unsettled event runs")
        .isNull();
    String partition = "commit " + TOPIC + "/" + poisoned.partition() + " ";
    assertThat(transport.journal)
        .filteredOn(line -> line.startsWith(partition))
        .allSatisfy(
            line ->
                assertThat(Long.parseLong(line.substring(partition.length())))
                    .isLessThanOrEqualTo(poisoned.offset()));

    transport.failDeadLetters = false;
    Envelope stored = transport.nextDeadLetter();
    assertThat(stored.extension("dlqid")).isEqualTo(first.extension("dlqid"));
    assertThat(take(handled, "the event behind")).isEqualTo(behind);
    assertThat(poisonCalls).as("the handler does not run again for a stored verdict").hasValue(1);

    String beyond = partition + (poisoned.offset() + 2);
    long deadline = System.nanoTime() + ObservedTransport.WAIT.toNanos();
    while (!transport.journal.contains(beyond) && System.nanoTime() < deadline) {
      assertThat(handled.poll(20, TimeUnit.MILLISECONDS)).isNull();
    }
    List<String> journal = List.copyOf(transport.journal);
    assertThat(journal).contains(beyond);
    assertThat(journal.indexOf("dlq " + stored.id()))
        .as("the dead letter is stored before the offset passes the event")
        .isLessThan(journal.indexOf(beyond));
  }

  @Test
  void handlerRetryPolicy_overridesTheServiceDefault() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    EventBus payments = bus("payments").retry(RetryPolicy.none()).build();
    payments.on(
        PaymentRequested.class,
        (event, context) -> {
          attempts.incrementAndGet();
          throw new IllegalStateException("flaky");
        },
        HandlerOptions.builder().retry(FAST).build());
    started(payments);
    publisher().publish(new PaymentRequested("o-1", 1));

    Envelope letter = transport.nextDeadLetter();
    assertThat(attempts).hasValue(3);
    assertThat(letter.extension("dlqattempts")).contains("3");
  }

  @Test
  void maxElapsed_endsTheRetriesBeforeMaxAttempts() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    RetryPolicy bounded =
        RetryPolicy.builder()
            .maxAttempts(1_000)
            .initialDelay(Duration.ofMillis(20))
            .multiplier(1)
            .maxDelay(Duration.ofMillis(20))
            .jitter(RetryPolicy.Jitter.NONE)
            .maxElapsed(Duration.ofMillis(100))
            .build();
    EventBus payments = bus("payments").retry(bounded).build();
    payments.on(
        PaymentRequested.class,
        (event, context) -> {
          attempts.incrementAndGet();
          throw new IllegalStateException("down");
        });
    started(payments);
    publisher().publish(new PaymentRequested("o-1", 1));

    Envelope letter = transport.nextDeadLetter();
    assertThat(attempts.get()).isBetween(2, 6);
    assertThat(letter.extension("dlqreason")).contains("retries-exhausted");
    assertThat(letter.extension("dlqerror").orElseThrow()).contains("maxElapsed PT0.1S");
  }

  private List<Envelope> readTopic(String topic) {
    return TopicReader.readAll(transport, topic, java.time.Clock.systemUTC()).stream()
        .map(Delivery::envelope)
        .toList();
  }
}
