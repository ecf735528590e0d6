package dev.herald.core;

import static dev.herald.core.ObservedTransport.take;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** Timeouts, circuit breakers and the MDC, through a bus on the memory transport. */
class HandlerOptionsTest {
  @EventType(name = "test.parcel.sent", key = "parcelId")
  record ParcelSent(String parcelId) {}

  private static final RetryPolicy QUICK =
      RetryPolicy.builder()
          .maxAttempts(100)
          .initialDelay(Duration.ofMillis(2))
          .maxDelay(Duration.ofMillis(5))
          .build();

  private final ObservedTransport transport = new ObservedTransport();
  private final List<EventBus> buses = new ArrayList<>();
  private final BlockingQueue<String> handled = new LinkedBlockingQueue<>();

  @AfterEach
  void close() {
    buses.forEach(EventBus::close);
    transport.close();
  }

  private EventBus bus(String service) {
    EventBus bus = EventBus.builder(service).transport(transport).build();
    buses.add(bus);
    return bus;
  }

  @Test
  void timeout_interruptsTheHandlerAndFailsTheAttempt() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    AtomicBoolean interrupted = new AtomicBoolean();
    CountDownLatch never = new CountDownLatch(1);
    EventBus couriers = bus("couriers");
    couriers.on(
        ParcelSent.class,
        (event, context) -> {
          if (attempts.incrementAndGet() == 1) {
            try {
              never.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              interrupted.set(true);
              throw e;
            }
          }
          assertThat(Thread.currentThread().isInterrupted())
              .as("no interrupt leaks into the next attempt")
              .isFalse();
          handled.add(event.parcelId());
        },
        HandlerOptions.builder().timeout(Duration.ofMillis(200)).retry(QUICK).build());
    couriers.start();
    bus("shop").publish(new ParcelSent("p-1"));

    assertThat(take(handled, "the second attempt")).isEqualTo("p-1");
    assertThat(interrupted).isTrue();
    assertThat(attempts).hasValue(2);
  }

  @Test
  void timeout_isRecordedInTheDeadLetter() throws Exception {
    EventBus couriers = bus("couriers");
    couriers.on(
        ParcelSent.class,
        (event, context) -> new CountDownLatch(1).await(10, TimeUnit.SECONDS),
        HandlerOptions.builder()
            .timeout(Duration.ofMillis(30))
            .retry(RetryPolicy.none())
            .name("label-printer")
            .build());
    couriers.start();
    bus("shop").publish(new ParcelSent("p-1"));

    Envelope letter = transport.nextDeadLetter();
    assertThat(letter.extension("dlqerror").orElseThrow())
        .contains("HandlerTimeoutException", "label-printer", "PT0.03S");
  }

  @Test
  void openBreaker_holdsThePartitionWithoutDeadLettering_untilAProbeSucceeds() throws Exception {
    Duration openFor = Duration.ofMillis(300);
    CircuitBreaker breaker = CircuitBreaker.builder().failureThreshold(2).openFor(openFor).build();
    AtomicBoolean down = new AtomicBoolean(true);
    List<Long> attemptNanos = new CopyOnWriteArrayList<>();
    CountDownLatch twoFailures = new CountDownLatch(2);
    EventBus couriers = bus("couriers");
    couriers.on(
        ParcelSent.class,
        (event, context) -> {
          attemptNanos.add(System.nanoTime());
          if (down.get()) {
            twoFailures.countDown();
            throw new IllegalStateException("carrier API unavailable");
          }
          handled.add(event.parcelId());
        },
        HandlerOptions.builder().retry(QUICK).circuitBreaker(breaker).build());
    couriers.start();
    bus("shop").publish(new ParcelSent("p-1"));

    assertThat(twoFailures.await(10, TimeUnit.SECONDS)).isTrue();
    down.set(false);
    assertThat(take(handled, "the probe")).isEqualTo("p-1");

    assertThat(attemptNanos).hasSizeGreaterThanOrEqualTo(3);
    long gap = attemptNanos.get(2) - attemptNanos.get(1);
    assertThat(Duration.ofNanos(gap))
        .as("the probe waited for the open time, not the 2-5 ms backoff")
        .isGreaterThanOrEqualTo(openFor.minusMillis(20));
    // The next event of the key runs once the probe is settled: the breaker has closed by then.
    bus("shop").publish(new ParcelSent("p-1"));
    assertThat(take(handled, "the next event")).isEqualTo("p-1");
    assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    assertThat(transport.deadLettered).as("an open breaker dead-letters nothing").isEmpty();
  }

  @Test
  void handler_runsWithTheEventsIdsInTheMdc() throws Exception {
    BlockingQueue<Map<String, String>> seen = new LinkedBlockingQueue<>();
    BlockingQueue<Envelope> envelopes = new LinkedBlockingQueue<>();
    EventBus couriers = bus("couriers");
    EventBus tracking = bus("tracking");
    couriers.on(
        ParcelSent.class,
        (event, context) -> {
          Map<String, String> mdc = new HashMap<>();
          for (String key :
              List.of("correlationid", "causationid", "eventid", "eventtype", "service")) {
            String value = MDC.get(key);
            if (value != null) {
              mdc.put(key, value);
            }
          }
          seen.add(mdc);
          envelopes.add(context.envelope());
          if (event.parcelId().equals("p-1")) {
            context.publish(new ParcelSent("p-2"));
          }
        });
    tracking.on(
        ParcelSent.class,
        (event, context) -> handled.add(event.parcelId() + " " + MDC.get("eventid")));
    couriers.start();
    tracking.start();
    bus("shop").publish(new ParcelSent("p-1"));

    Map<String, String> first = take(seen, "the first event's MDC");
    Envelope firstEnvelope = take(envelopes, "the first event");
    Map<String, String> second = take(seen, "the follow-up's MDC");
    Envelope secondEnvelope = take(envelopes, "the follow-up");
    assertThat(first)
        .containsEntry("eventid", firstEnvelope.id())
        .containsEntry("correlationid", firstEnvelope.id())
        .containsEntry("eventtype", "test.parcel.sent")
        .containsEntry("service", "couriers")
        .doesNotContainKey("causationid");
    assertThat(second)
        .containsEntry("eventid", secondEnvelope.id())
        .containsEntry("correlationid", firstEnvelope.id())
        .containsEntry("causationid", firstEnvelope.id());
    assertThat(List.of(take(handled, "tracking"), take(handled, "tracking")))
        .containsExactlyInAnyOrder("p-1 " + firstEnvelope.id(), "p-2 " + secondEnvelope.id());
  }

  @Test
  void mdc_isRestoredWhenTheEventIsDone() {
    Envelope caused =
        Envelope.builder()
            .id("e-2")
            .source("s")
            .type("test.parcel.sent")
            .extension(Envelope.CORRELATION_ID, "e-1")
            .extension(Envelope.CAUSATION_ID, "e-1")
            .build();
    MDC.put("service", "outer");
    try {
      try (EventMdc scope = EventMdc.of(caused, "couriers")) {
        assertThat(MDC.get("service")).isEqualTo("couriers");
        assertThat(MDC.get("causationid")).isEqualTo("e-1");
        assertThat(MDC.get("eventid")).isEqualTo("e-2");
      }
      assertThat(MDC.get("service")).isEqualTo("outer");
      assertThat(MDC.get("causationid")).isNull();
      assertThat(MDC.get("eventid")).isNull();
      assertThat(MDC.get("correlationid")).isNull();
    } finally {
      MDC.remove("service");
    }
  }

  @Test
  void options_rejectInvalidSettings() {
    assertThatThrownBy(() -> HandlerOptions.builder().timeout(Duration.ZERO).build())
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("timeout must be positive");
    assertThatThrownBy(() -> HandlerOptions.builder().name(" ").build())
        .hasMessageContaining("blank");
    assertThatThrownBy(() -> EventBus.builder("x".repeat(190)).transport(transport).build())
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("too long for its dead-letter topics");
  }
}
