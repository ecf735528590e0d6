package dev.herald.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Micrometer metrics of a bus, counted against what really happened. */
class BusMetricsTest {
  @EventType(name = "test.metric.charge", key = "orderId")
  record Charge(String orderId, int n) {}

  /** Published last, under the same key: once it is handled, every charge before it is settled. */
  @EventType(name = "test.metric.done", key = "orderId")
  record Done(String orderId) {}

  static final String TOPIC = "test.metric";
  static final String KEY = "o-1";
  static final RetryPolicy FAST =
      RetryPolicy.builder()
          .maxAttempts(3)
          .initialDelay(Duration.ofMillis(1))
          .maxDelay(Duration.ofMillis(5))
          .build();

  private final ObservedTransport transport = new ObservedTransport();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<EventBus> buses = new ArrayList<>();

  @AfterEach
  void close() {
    buses.forEach(EventBus::close);
    transport.close();
  }

  private EventBus bus(String service, MeterRegistry registry) {
    EventBus bus =
        EventBus.builder(service).transport(transport).retry(FAST).meterRegistry(registry).build();
    buses.add(bus);
    return bus;
  }

  private double count(String name, String... tags) {
    return registry.get(name).tags(tags).counter().count();
  }

  @Test
  void counts_matchWhatHappened_publishedHandledFailedRetriedDeadLettered() throws Exception {
    Map<Integer, Integer> attempts = new ConcurrentHashMap<>();
    CountDownLatch done = new CountDownLatch(1);
    EventBus payments = bus("payments", registry);
    payments.on(
        Charge.class,
        (charge, context) -> {
          int attempt = attempts.merge(charge.n(), 1, Integer::sum);
          if (charge.n() == 0) {
            throw new IllegalStateException("poison: fails every attempt");
          }
          if (charge.n() % 3 == 0 && attempt == 1) {
            throw new IllegalStateException("flaky: fails the first attempt");
          }
        });
    payments.on(Done.class, (event, context) -> done.countDown());
    payments.start();

    EventBus orders = bus("orders", registry);
    orders.publish(new Charge(KEY, 0)); // dead-lettered after 3 attempts
    for (int n = 1; n <= 10; n++) {
      orders.publish(new Charge(KEY, n)); // 3, 6 and 9 fail once, then succeed
    }
    Envelope garbage =
        Envelope.builder()
            .id("garbage-1")
            .source("elsewhere")
            .type("test.metric.charge")
            .extension(Envelope.PARTITION_KEY, KEY)
            .data("{not json")
            .build();
    transport.append(TOPIC, List.of(garbage)).join(); // not published by a bus; undecodable
    orders.publish(new Done(KEY));
    assertThat(done.await(10, TimeUnit.SECONDS)).as("the last event was handled").isTrue();

    String[] charges = {"service", "payments", "group", "payments", "type", "test.metric.charge"};
    assertThat(count(BusMetrics.PUBLISHED, "service", "orders", "type", "test.metric.charge"))
        .isEqualTo(11);
    assertThat(
            count(
                BusMetrics.PUBLISHED,
                "service",
                "orders",
                "topic",
                TOPIC,
                "type",
                "test.metric.done"))
        .isEqualTo(1);
    assertThat(count(BusMetrics.HANDLED, charges)).isEqualTo(10);
    assertThat(count(BusMetrics.FAILED, charges))
        .as("3 poison + 3 flaky + 1 undecodable")
        .isEqualTo(7);
    assertThat(count(BusMetrics.RETRIED, charges)).as("2 poison + 3 flaky").isEqualTo(5);
    assertThat(count(BusMetrics.DEAD_LETTERED, "reason", "retries-exhausted")).isEqualTo(1);
    assertThat(count(BusMetrics.DEAD_LETTERED, "reason", "undecodable")).isEqualTo(1);
    assertThat(registry.get(BusMetrics.DEAD_LETTERED).counters()).hasSize(2);
    Timer succeeded =
        registry.get(BusMetrics.HANDLER_DURATION).tags(charges).tag("outcome", "success").timer();
    Timer failed =
        registry.get(BusMetrics.HANDLER_DURATION).tags(charges).tag("outcome", "failure").timer();
    assertThat(succeeded.count()).isEqualTo(10);
    assertThat(failed.count()).isEqualTo(7);
    assertThat(succeeded.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    assertThat(registry.find(BusMetrics.PUBLISHED).tag("service", "payments").counters())
        .as("payments published nothing")
        .isEmpty();
  }

  @Test
  void lag_countsUnsettledEventsWhileTheHandlerIsBlocked_andIsZeroOnceDrained() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    EventBus payments = bus("payments", registry);
    payments.on(
        Charge.class,
        (charge, context) -> {
          entered.countDown();
          assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
        });
    payments.on(Done.class, (event, context) -> {});
    payments.start();
    EventBus orders = bus("orders", registry);
    for (int n = 1; n <= 5; n++) {
      orders.publish(new Charge(KEY, n));
    }
    int partition = orders.publish(new Done(KEY)).partition();

    assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(lag(partition)).as("6 events, the first in the handler").isEqualTo(6.0);
    assertThat(registry.get(BusMetrics.CONSUMER_LAG).tag("group", "payments").gauges())
        .as("one gauge per partition")
        .hasSize(transport.partitions(TOPIC));
    release.countDown();

    Conditions.until("the lag is 0", () -> lag(partition) == 0.0);
    for (int p = 0; p < transport.partitions(TOPIC); p++) {
      assertThat(lag(p)).isZero();
    }
    payments.close();
    assertThat(registry.find(BusMetrics.CONSUMER_LAG).gauges())
        .as("gauges leave with the partitions")
        .isEmpty();
  }

  private double lag(int partition) {
    return registry
        .get(BusMetrics.CONSUMER_LAG)
        .tags("service", "payments", "group", "payments", "topic", TOPIC)
        .tag("partition", Integer.toString(partition))
        .gauge()
        .value();
  }

  @Test
  void withoutRegistry_nothingIsRecordedAnywhere() throws Exception {
    CountDownLatch handled = new CountDownLatch(1);
    EventBus payments = bus("payments", null);
    payments.on(Charge.class, (charge, context) -> handled.countDown());
    payments.start();
    bus("orders", null).publish(new Charge(KEY, 1));
    assertThat(handled.await(10, TimeUnit.SECONDS)).isTrue();

    assertThat(Metrics.globalRegistry.getMeters())
        .extracting(Meter::getId)
        .noneMatch(id -> id.getName().startsWith("herald."));
  }
}
