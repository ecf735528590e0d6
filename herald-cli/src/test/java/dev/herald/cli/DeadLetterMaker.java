package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.Envelope;
import dev.herald.core.EventBus;
import dev.herald.core.EventType;
import dev.herald.core.HandlerOptions;
import dev.herald.core.Position;
import dev.herald.core.RetryPolicy;
import dev.herald.core.spi.ForwardingTransport;
import dev.herald.core.spi.Transport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Makes dead letters the way a service does: a real {@code billing} bus whose handlers fail, on a
 * real transport, at times the test picks. Close it before running {@code herald dlq} on a log
 * directory, so that the directory is free.
 */
final class DeadLetterMaker implements AutoCloseable {
  static final String GROUP = "billing";
  static final String TOPIC = "test.invoice";
  static final String ISSUED = "test.invoice.issued";
  static final String VOIDED = "test.invoice.voided";
  static final Duration WAIT = Duration.ofSeconds(60);

  @EventType(name = ISSUED, key = "invoiceId")
  record InvoiceIssued(String invoiceId, int amount) {}

  @EventType(name = VOIDED, key = "invoiceId")
  record InvoiceVoided(String invoiceId) {}

  /** A dead letter as it was stored: its own id, the event's id and when. */
  record Made(String id, String eventId, Instant time) {}

  private final SettableClock clock = new SettableClock();
  private final Watched transport;
  private final EventBus billing;
  private final EventBus invoicing;

  /**
   * Starts billing on {@code transport}: it fails every issued invoice once and gives up
   * (retries-exhausted), and refuses every voided one (not-retryable).
   */
  DeadLetterMaker(Transport transport) {
    this.transport = new Watched(transport);
    billing = EventBus.builder(GROUP).transport(this.transport).clock(clock).build();
    billing.on(
        InvoiceIssued.class,
        (event, context) -> {
          throw new IllegalStateException("ledger closed for " + event.invoiceId());
        },
        HandlerOptions.builder().name("bill-invoice").retry(RetryPolicy.none()).build());
    billing.on(
        InvoiceVoided.class,
        (event, context) -> {
          throw new IllegalArgumentException("cannot void " + event.invoiceId());
        },
        HandlerOptions.builder()
            .name("void-invoice")
            .retry(RetryPolicy.builder().noRetryOn(IllegalArgumentException.class).build())
            .build());
    billing.start();
    invoicing = EventBus.builder("invoicing").transport(this.transport).build();
  }

  /** Publishes an issued invoice and waits until billing dead-lettered it, at {@code at}. */
  Made issued(String invoiceId, Instant at) {
    return deadLetter(new InvoiceIssued(invoiceId, 100), at);
  }

  /** Publishes a voided invoice and waits until billing dead-lettered it, at {@code at}. */
  Made voided(String invoiceId, Instant at) {
    return deadLetter(new InvoiceVoided(invoiceId), at);
  }

  /**
   * Appends a record the transport could not read, as a transport reports one, and waits until
   * billing dead-lettered it (unreadable), at {@code at}.
   */
  Made unreadable(String key, Instant at) {
    Envelope record =
        Envelope.builder()
            .id("test.invoice-" + key)
            .source("kafka://" + TOPIC)
            .type("herald.unreadable")
            .extension("heraldreason", "record is no CloudEvent: no ce_specversion header")
            .extension(Envelope.PARTITION_KEY, key)
            .data("raw bytes")
            .build();
    return deadLetter(record, at);
  }

  private Made deadLetter(Object event, Instant at) {
    clock.now = at;
    Object published =
        event instanceof Envelope record
            ? transport.append(TOPIC, List.of(record)).join().get(0)
            : invoicing.publish(event);
    try {
      Envelope stored = transport.deadLetters.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(stored).as("dead letter of " + event + " at " + published).isNotNull();
      return new Made(
          stored.extension("dlqid").orElseThrow(),
          stored.id(),
          Instant.parse(stored.extension("dlqtime").orElseThrow()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Stops both buses (billing commits what it dead-lettered); the transport stays open. */
  @Override
  public void close() {
    invoicing.close();
    billing.close();
  }

  /** Reports every dead letter stored. */
  private static final class Watched extends ForwardingTransport {
    final BlockingQueue<Envelope> deadLetters = new LinkedBlockingQueue<>();

    Watched(Transport delegate) {
      super(delegate);
    }

    @Override
    public CompletableFuture<List<Position>> append(String topic, List<Envelope> envelopes) {
      CompletableFuture<List<Position>> stored = super.append(topic, envelopes);
      if (topic.equals(GROUP + ".dlq")) {
        return stored.thenApply(
            positions -> {
              envelopes.stream()
                  .filter(e -> e.extension("dlqid").isPresent())
                  .forEach(deadLetters::add);
              return positions;
            });
      }
      return stored;
    }
  }

  /** A clock that stands where the test puts it. */
  private static final class SettableClock extends Clock {
    volatile Instant now = Instant.now();

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the test clock stays in UTC");
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
