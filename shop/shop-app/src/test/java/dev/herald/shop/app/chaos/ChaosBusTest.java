package dev.herald.shop.app.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.DeadLetterFilter;
import dev.herald.core.EventBus;
import dev.herald.core.EventType;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.testkit.Await;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** A real bus on a chaos transport: the faults happen, and the bus loses nothing through them. */
class ChaosBusTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration EVERY = Duration.ofMillis(5);

  /** An event of the test, on a shop topic so that chaos touches it. */
  @EventType(name = "shop.chaostest.happened", key = "key")
  public record Happened(String key, int n) {}

  private static boolean everyFault(ChaosCounts counts) {
    return counts.duplicates() > 0 && counts.redeliveries() > 0 && counts.crashes() > 0;
  }

  @Test
  void bus_underEveryFault_handlesEveryEvent_someMoreThanOnce_andDeadLettersNone()
      throws Exception {
    Map<Integer, Integer> handled = new ConcurrentHashMap<>();
    try (Transport memory = Transports.memory(2)) {
      ChaosTransport chaos = new ChaosTransport(memory, new Chaos(5, 0.2, 0.2, 0.3, 0));
      try (EventBus bus = EventBus.builder("chaos-test").transport(chaos).build()) {
        bus.on(Happened.class, (event, context) -> handled.merge(event.n(), 1, Integer::sum));
        bus.start();

        // a lost commit needs commits, which the bus makes at intervals while it makes progress:
        // publish round after round until every kind of fault happened
        long deadline = System.nanoTime() + WAIT.toNanos();
        int published = 0;
        while (!everyFault(chaos.counts()) && System.nanoTime() - deadline < 0) {
          for (int i = 0; i < 20; i++, published++) {
            bus.publish(new Happened("k" + published % 7, published));
          }
          int all = published;
          Await.until("each event handled", WAIT, EVERY, handled::size, n -> n == all);
        }

        assertThat(chaos.counts()).matches(ChaosBusTest::everyFault, "every kind of fault");
        assertThat(handled).hasSize(published);
        assertThat(handled.values()).as("events handled again").anyMatch(times -> times > 1);
        assertThat(bus.deadLetters().list(DeadLetterFilter.all())).isEmpty();
      }
    }
  }
}
