package dev.herald.core;

import static dev.herald.core.ObservedTransport.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Browsing, replaying and purging dead letters. */
class DeadLettersTest {
  @EventType(name = "test.invoice.issued", key = "invoiceId")
  record InvoiceIssued(String invoiceId, int amount) {}

  @EventType(name = "test.invoice.voided", key = "invoiceId")
  record InvoiceVoided(String invoiceId) {}

  private final ObservedTransport transport = new ObservedTransport();
  private final List<EventBus> buses = new ArrayList<>();
  private final Map<String, Boolean> broken = new ConcurrentHashMap<>();
  private final BlockingQueue<String> billed = new LinkedBlockingQueue<>();

  @AfterEach
  void close() {
    buses.forEach(EventBus::close);
    transport.close();
  }

  private EventBus track(EventBus bus) {
    buses.add(bus);
    return bus;
  }

  /** Billing fails on every invoice marked broken, of either type. */
  private EventBus billing() {
    EventBus bus = track(EventBus.builder("billing").transport(transport).build());
    bus.on(
        InvoiceIssued.class,
        (event, context) -> {
          if (broken.getOrDefault(event.invoiceId(), false)) {
            throw new IllegalStateException("ledger closed for " + event.invoiceId());
          }
          billed.add("issued " + event.invoiceId() + " " + context.envelope().id());
        },
        HandlerOptions.builder().retry(RetryPolicy.none()).build());
    bus.on(
        InvoiceVoided.class,
        (event, context) -> {
          throw new IllegalArgumentException("cannot void " + event.invoiceId());
        },
        HandlerOptions.builder()
            .retry(RetryPolicy.builder().noRetryOn(IllegalArgumentException.class).build())
            .build());
    bus.start();
    return bus;
  }

  private EventBus publisher() {
    return track(EventBus.builder("invoicing").transport(transport).build());
  }

  @Test
  void replay_isHandledOnceByThisGroupOnly_andASecondReplayDoesNothing() throws Exception {
    BlockingQueue<String> audit = new LinkedBlockingQueue<>();
    EventBus auditing = track(EventBus.builder("audit").transport(transport).build());
    auditing.on(InvoiceIssued.class, (event, context) -> audit.add(event.invoiceId()));
    auditing.start();
    EventBus billing = billing();
    broken.put("i-1", true);
    Position published = publisher().publish(new InvoiceIssued("i-1", 100));
    Envelope letter = transport.nextDeadLetter();
    assertThat(take(audit, "audit's copy")).isEqualTo("i-1");

    broken.put("i-1", false);
    DeadLetters.Outcome outcome = billing.deadLetters().replay(letter.id());
    assertThat(outcome.count()).isEqualTo(1);
    assertThat(outcome.message()).contains("replayed 1 dead letters to group billing");
    assertThat(take(billed, "the replayed event")).isEqualTo("issued i-1 " + letter.id());

    DeadLetters.Outcome second = DeadLetters.of(transport, "billing").replay(letter.id());
    assertThat(second.count()).isZero();
    assertThat(second.message()).contains("was already replayed", "nothing was sent");

    // Both groups read past the control event (the next event with the key comes after it in the
    // same partition); only billing handled it, and only once.
    Position marker = publisher().publish(new InvoiceIssued("i-1", 2));
    assertThat(take(audit, "audit's next event")).isEqualTo("i-1");
    assertThat(take(billed, "billing's next event"))
        .startsWith("issued i-1")
        .isNotEqualTo("issued i-1 " + letter.id());
    assertThat(audit).isEmpty();
    assertThat(billed).isEmpty();
    assertThat(marker.offset()).isGreaterThan(published.offset());
    assertThat(billing.deadLetters().list(DeadLetterFilter.all())).isEmpty();
    assertThat(billing.deadLetters().list(DeadLetterFilter.all().withResolved()))
        .singleElement()
        .satisfies(l -> assertThat(l.status()).isEqualTo(DeadLetter.Status.REPLAYED));
  }

  @Test
  void replay_ofAnEventThatFailsAgain_makesANewDeadLetter() throws Exception {
    EventBus billing = billing();
    broken.put("i-1", true);
    Position first = publisher().publish(new InvoiceIssued("i-1", 100));
    Envelope letter = transport.nextDeadLetter();

    billing.deadLetters().replay(letter.id());
    Envelope again = transport.nextDeadLetter();
    assertThat(again.id()).isEqualTo(letter.id());
    assertThat(again.extension("dlqid")).isNotEqualTo(letter.extension("dlqid"));
    assertThat(again.extension("dlqoffset"))
        .as("the original offset, not the replay's")
        .contains(Long.toString(first.offset()));
    assertThat(billing.deadLetters().list(DeadLetterFilter.all()))
        .singleElement()
        .satisfies(l -> assertThat(l.id()).isEqualTo(again.extension("dlqid").orElseThrow()));
  }

  @Test
  void purge_removesFromTheList_andLaterReplayOrPurgeDoesNothing() throws Exception {
    EventBus billing = billing();
    broken.put("i-1", true);
    publisher().publish(new InvoiceIssued("i-1", 100));
    Envelope letter = transport.nextDeadLetter();
    String id = letter.extension("dlqid").orElseThrow();

    DeadLetters.Outcome purged = billing.deadLetters().purge(id);
    assertThat(purged.count()).isEqualTo(1);
    assertThat(purged.deadLetters()).extracting(DeadLetter::id).containsExactly(id);
    assertThat(billing.deadLetters().list(DeadLetterFilter.all())).isEmpty();
    assertThat(billing.deadLetters().replay(id).message()).contains("already purged");
    assertThat(billing.deadLetters().purge(letter.id()).count()).isZero();
    assertThat(billing.deadLetters().show(id))
        .hasValueSatisfying(l -> assertThat(l.status()).isEqualTo(DeadLetter.Status.PURGED));
    assertThat(billed.poll(50, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void list_filtersByTypeReasonKeyAndTime() throws Exception {
    EventBus billing = billing();
    broken.put("i-1", true);
    EventBus invoicing = publisher();
    invoicing.publish(new InvoiceIssued("i-1", 1));
    Envelope issued = transport.nextDeadLetter();
    invoicing.publish(new InvoiceVoided("i-2"));
    Envelope voided = transport.nextDeadLetter();
    Instant between = Instant.parse(voided.extension("dlqtime").orElseThrow());

    DeadLetters letters = billing.deadLetters();
    assertThat(letters.list(DeadLetterFilter.all()))
        .extracting(l -> l.envelope().id())
        .containsExactly(issued.id(), voided.id());
    assertThat(letters.list(DeadLetterFilter.all().type("test.invoice.voided")))
        .extracting(l -> l.envelope().id())
        .containsExactly(voided.id());
    assertThat(letters.list(DeadLetterFilter.all().reason(DeadLetterReason.NOT_RETRYABLE)))
        .extracting(l -> l.envelope().id())
        .containsExactly(voided.id());
    assertThat(letters.list(DeadLetterFilter.all().key("i-1")))
        .extracting(l -> l.envelope().id())
        .containsExactly(issued.id());
    assertThat(letters.list(DeadLetterFilter.all().since(between)))
        .extracting(l -> l.envelope().id())
        .containsExactly(voided.id());
    assertThat(letters.list(DeadLetterFilter.all().until(between)))
        .extracting(l -> l.envelope().id())
        .containsExactly(issued.id());

    DeadLetters.Outcome purged =
        letters.purge(DeadLetterFilter.all().reason(DeadLetterReason.NOT_RETRYABLE));
    assertThat(purged.count()).isEqualTo(1);
    assertThat(letters.list(DeadLetterFilter.all()))
        .extracting(l -> l.envelope().id())
        .containsExactly(issued.id());
    assertThatThrownBy(() -> DeadLetterFilter.all().since(between).until(between))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("swap them");
  }

  @Test
  void replayByFilter_sendsEachPendingOneOnce() throws Exception {
    EventBus billing = billing();
    broken.put("i-1", true);
    broken.put("i-2", true);
    EventBus invoicing = publisher();
    invoicing.publish(new InvoiceIssued("i-1", 1));
    invoicing.publish(new InvoiceIssued("i-2", 2));
    transport.nextDeadLetter();
    transport.nextDeadLetter();
    broken.clear();

    DeadLetterFilter issued = DeadLetterFilter.all().type("test.invoice.issued");
    assertThat(billing.deadLetters().replay(issued).count()).isEqualTo(2);
    assertThat(billing.deadLetters().replay(issued).count()).isZero();
    assertThat(List.of(take(billed, "replay"), take(billed, "replay")))
        .anySatisfy(line -> assertThat(line).startsWith("issued i-1"))
        .anySatisfy(line -> assertThat(line).startsWith("issued i-2"));
    assertThat(billed.poll(50, TimeUnit.MILLISECONDS)).isNull();
  }

  @Test
  void showAndReplay_findByDeadLetterIdOrEventId_andRejectUnknownIds() throws Exception {
    EventBus billing = billing();
    broken.put("i-1", true);
    publisher().publish(new InvoiceIssued("i-1", 1));
    Envelope letter = transport.nextDeadLetter();

    DeadLetters letters = billing.deadLetters();
    assertThat(letters.show(letter.id()))
        .hasValueSatisfying(
            l -> assertThat(l.id()).isEqualTo(letter.extension("dlqid").orElseThrow()));
    assertThat(letters.show(letter.extension("dlqid").orElseThrow())).isPresent();
    assertThat(letters.show("no-such-id")).isEmpty();
    assertThatThrownBy(() -> letters.replay("no-such-id"))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("no dead letter or dead event with id 'no-such-id' in group billing");
  }

  @Test
  void deadLetters_areReadThroughFences_onTransportsThatCannotTellTheirEnds() throws Exception {
    try (ObservedTransport blind = new ObservedTransport(false)) {
      Envelope letter =
          DeadLetterWire.deadLetter(
              Envelope.builder().id("e-1").source("s").type("test.invoice.issued").build(),
              "billing",
              new Position("test.invoice", 0, 0),
              0,
              "dl-1",
              new DeadLetterWire.Death(
                  DeadLetterReason.NOT_RETRYABLE,
                  "x",
                  1,
                  "h",
                  java.util.Optional.empty(),
                  java.util.Optional.empty()),
              java.time.Clock.systemUTC());
      blind.append(DeadLetters.topic("billing"), List.of(letter)).join();

      DeadLetters letters = DeadLetters.of(blind, "billing");
      assertThat(letters.list(DeadLetterFilter.all()))
          .extracting(DeadLetter::id)
          .containsExactly("dl-1");
      assertThat(letters.list(DeadLetterFilter.all()))
          .extracting(DeadLetter::id)
          .as("the fences of the first read are not dead letters")
          .containsExactly("dl-1");
      assertThat(letters.purge("dl-1").count()).isEqualTo(1);
      assertThat(letters.list(DeadLetterFilter.all())).isEmpty();
      try (var raw =
          blind.subscribe(
              DeadLetters.topic("billing"),
              "check",
              StartPosition.earliest(),
              dev.herald.core.spi.RebalanceListener.none())) {
        assertThat(raw.poll(java.time.Duration.ofSeconds(1)))
            .extracting(d -> d.envelope().type())
            .as("the reads went through fences")
            .contains("herald.fence");
      }
    }
  }
}
