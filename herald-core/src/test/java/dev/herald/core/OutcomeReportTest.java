package dev.herald.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a bus reports of its handlers on {@value OutcomeReport#TOPIC}. */
class OutcomeReportTest {
  @EventType(name = "test.outcome.charged", key = "orderId")
  record Charged(String orderId) {}

  private static final RetryPolicy TWICE =
      RetryPolicy.builder()
          .maxAttempts(2)
          .initialDelay(Duration.ofMillis(1))
          .maxDelay(Duration.ofMillis(1))
          .build();

  private final MemoryTransport transport = new MemoryTransport(4);

  @AfterEach
  void close() {
    transport.close();
  }

  @Test
  void reportsEachOutcome_retriesAndDeadLettersIncluded_withCountsAndWhatItHandles() {
    AtomicInteger attempts = new AtomicInteger();
    EventBus payments =
        EventBus.builder("payments")
            .transport(transport)
            .retry(TWICE)
            .reportOutcomes(Duration.ofMillis(50), 100)
            .build();
    payments.on(
        Charged.class,
        (event, context) -> {
          if (event.orderId().equals("doomed")
              || (event.orderId().equals("flaky") && attempts.incrementAndGet() == 1)) {
            throw new IllegalStateException("card declined " + event.orderId());
          }
        });
    payments.start();
    EventBus orders = EventBus.builder("orders").transport(transport).build();
    Position flaky = orders.publish(new Charged("flaky"));
    Position doomed = orders.publish(new Charged("doomed"));

    List<OutcomeReport.Outcome> outcomes = awaitOutcomes(3 + 1);
    payments.close();
    orders.close();

    List<OutcomeReport.Outcome> ofFlaky =
        outcomes.stream().filter(o -> o.position().equals(flaky)).toList();
    List<OutcomeReport.Outcome> ofDoomed =
        outcomes.stream().filter(o -> o.position().equals(doomed)).toList();
    assertThat(ofFlaky)
        .extracting(OutcomeReport.Outcome::kind)
        .containsExactly(OutcomeReport.Kind.RETRYING, OutcomeReport.Kind.HANDLED);
    OutcomeReport.Outcome retrying = ofFlaky.get(0);
    assertThat(retrying.attempt()).isEqualTo(1);
    assertThat(retrying.error()).hasValueSatisfying(e -> assertThat(e).contains("card declined"));
    assertThat(retrying.handler()).isEqualTo("test.outcome.charged");
    OutcomeReport.Outcome handled = ofFlaky.get(1);
    assertThat(handled.attempt()).isEqualTo(2);
    assertThat(handled.eventId()).isEqualTo(retrying.eventId());
    assertThat(ofDoomed)
        .extracting(OutcomeReport.Outcome::kind)
        .containsExactly(OutcomeReport.Kind.RETRYING, OutcomeReport.Kind.DEAD_LETTERED);
    OutcomeReport.Outcome dead = ofDoomed.get(1);
    assertThat(dead.reason()).contains("retries-exhausted");
    assertThat(dead.attempt()).isEqualTo(2);

    List<OutcomeReport> reports = reports();
    assertThat(reports).allSatisfy(r -> assertThat(r.service()).isEqualTo("payments"));
    assertThat(reports.get(0).handles())
        .containsExactly(
            new OutcomeReport.Handles(
                "test.outcome", "test.outcome.charged", "test.outcome.charged"));
    long handledCount = 0;
    long retriedCount = 0;
    long deadCount = 0;
    for (OutcomeReport report : reports) {
      for (OutcomeReport.Count count : report.counts()) {
        handledCount += count.handled();
        retriedCount += count.retried();
        deadCount += count.deadLettered();
      }
    }
    assertThat(List.of(handledCount, retriedCount, deadCount)).containsExactly(1L, 2L, 1L);
  }

  @Test
  void beyondItsBudget_outcomesAreOnlyCounted() {
    EventBus analytics =
        EventBus.builder("analytics")
            .transport(transport)
            .reportOutcomes(Duration.ofHours(1), 2)
            .build();
    analytics.on(Charged.class, (event, context) -> {});
    analytics.start();
    EventBus orders = EventBus.builder("orders").transport(transport).build();
    for (int i = 0; i < 5; i++) {
      orders.publish(new Charged("o" + i));
    }
    awaitCommitted("analytics", 5);
    analytics.close(); // the last report goes out on close

    long counted = 0;
    long omitted = 0;
    int oneByOne = 0;
    for (OutcomeReport report : reports()) {
      counted += report.counts().stream().mapToLong(OutcomeReport.Count::handled).sum();
      omitted += report.omitted();
      oneByOne += report.outcomes().size();
    }
    assertThat(counted).isEqualTo(5);
    assertThat(oneByOne).isEqualTo(2);
    assertThat(omitted).isEqualTo(3);
    orders.close();
  }

  @Test
  void turnedOff_reportsNothing() {
    EventBus quiet = EventBus.builder("quiet").transport(transport).reportOutcomes(false).build();
    quiet.on(Charged.class, (event, context) -> {});
    quiet.start();
    EventBus orders = EventBus.builder("orders").transport(transport).build();
    orders.publish(new Charged("o1"));
    awaitCommitted("quiet", 1);
    quiet.close();
    orders.close();
    assertThat(transport.topics().orElseThrow()).doesNotContain(OutcomeReport.TOPIC);
  }

  @Test
  void aReportSurvivesTheWire() {
    OutcomeReport report =
        new OutcomeReport(
            "shipping",
            "shipping",
            Instant.parse("2026-11-24T10:00:00Z"),
            List.of(new OutcomeReport.Handles("orders", "shop.order.paid", "ship")),
            List.of(new OutcomeReport.Count("orders", "shop.order.paid", 3, 1, 0)),
            List.of(
                new OutcomeReport.Outcome(
                    "e1",
                    "shop.order.paid",
                    new Position("orders", 2, 41),
                    Optional.of("c1"),
                    "ship",
                    OutcomeReport.Kind.DEAD_LETTERED,
                    3,
                    Instant.parse("2026-11-24T10:00:01Z"),
                    1_500,
                    Optional.of("boom"),
                    Optional.of("retries-exhausted"))),
            7);
    assertThat(OutcomeReport.read(report.toEnvelope(Clock.systemUTC()))).isEqualTo(report);
  }

  @Test
  void aDamagedReport_isRefusedSayingWhy() {
    Envelope damaged =
        Envelope.builder()
            .id("x1")
            .source("shipping")
            .type(OutcomeReport.TYPE)
            .data("{\"service\":\"shipping\"}")
            .build();
    assertThatThrownBy(() -> OutcomeReport.read(damaged))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("x1 is not a readable outcome report")
        .hasMessageContaining("\"handles\" is not an array");
  }

  private List<OutcomeReport> reports() {
    return TopicReader.readAll(transport, OutcomeReport.TOPIC, Clock.systemUTC()).stream()
        .map(d -> OutcomeReport.read(d.envelope()))
        .toList();
  }

  private List<OutcomeReport.Outcome> awaitOutcomes(int count) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      List<OutcomeReport.Outcome> outcomes = new ArrayList<>();
      if (transport.topics().orElseThrow().contains(OutcomeReport.TOPIC)) {
        reports().forEach(r -> outcomes.addAll(r.outcomes()));
      }
      if (outcomes.size() >= count || System.nanoTime() - deadline > 0) {
        assertThat(outcomes).hasSizeGreaterThanOrEqualTo(count);
        return outcomes;
      }
      pause();
    }
  }

  private void awaitCommitted(String group, long offsets) {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (committed(group) < offsets) {
      assertThat(System.nanoTime() - deadline).as("committed in time").isNegative();
      pause();
    }
  }

  private long committed(String group) {
    return transport.committedOffsets().orElseThrow().stream()
        .filter(c -> c.group().equals(group))
        .flatMap(c -> c.offsets().values().stream())
        .mapToLong(Long::longValue)
        .sum();
  }

  private static void pause() {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
