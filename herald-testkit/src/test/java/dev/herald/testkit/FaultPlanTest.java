package dev.herald.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.Envelope;
import dev.herald.core.Position;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The plans of {@link HandlerFaults} runs, over many seeds. */
class FaultPlanTest {
  private static final int SEEDS = 500;

  /** 10 events over keys a, b, c (and one without a key); all handled but #4. */
  private static FaultPlan.Events events() {
    List<Envelope> envelopes = new ArrayList<>();
    List<Boolean> handled = new ArrayList<>();
    String[] keys = {"a", "b", "a", "c", "b", "", "a", "c", "b", "a"};
    for (int i = 0; i < keys.length; i++) {
      Envelope.Builder builder = Envelope.builder().id("e" + i).source("test").type("t.happened");
      if (!keys[i].isEmpty()) {
        builder.extension(Envelope.PARTITION_KEY, keys[i]);
      }
      envelopes.add(builder.build());
      handled.add(i != 4);
    }
    return new FaultPlan.Events(envelopes, handled);
  }

  @Test
  void duplicatesAndReorder_keepEveryKeysOrder() {
    FaultPlan.Events events = events();
    for (Fault fault : List.of(Fault.DUPLICATES, Fault.REORDER_ACROSS_KEYS)) {
      for (long seed = 0; seed < SEEDS; seed++) {
        FaultPlan plan = FaultPlan.of(fault, seed, events, Duration.ofMillis(1));
        Map<String, List<Integer>> perKey = new HashMap<>();
        for (int index : plan.order) {
          events
              .envelopes()
              .get(index)
              .partitionKey()
              .ifPresent(k -> perKey.computeIfAbsent(k, x -> new ArrayList<>()).add(index));
        }
        assertThat(perKey.values())
            .as("%s seed %d: %s", fault, seed, plan.order)
            .allSatisfy(indexes -> assertThat(indexes).isSorted());
        assertThat(plan.order).containsAll(IntStream.range(0, 10).boxed().toList());
      }
    }
  }

  @Test
  void duplicates_storeAtLeastOneHandledEventTwice() {
    for (long seed = 0; seed < SEEDS; seed++) {
      FaultPlan plan = FaultPlan.of(Fault.DUPLICATES, seed, events(), Duration.ofMillis(1));
      assertThat(plan.order).hasSizeGreaterThan(10);
      assertThat(Collections.frequency(plan.order, 4)).isEqualTo(1);
    }
  }

  @Test
  void reorder_changesTheOrder() {
    for (long seed = 0; seed < SEEDS; seed++) {
      FaultPlan plan =
          FaultPlan.of(Fault.REORDER_ACROSS_KEYS, seed, events(), Duration.ofMillis(1));
      assertThat(plan.order).isNotEqualTo(IntStream.range(0, 10).boxed().toList());
    }
  }

  @Test
  void crashes_comeAfterHandledEventsAndNeverMoveTheCommitBack() {
    for (long seed = 0; seed < SEEDS; seed++) {
      FaultPlan plan = FaultPlan.of(Fault.CRASH_AFTER_EFFECT, seed, events(), Duration.ofMillis(1));
      assertThat(plan.crashes).isNotEmpty().hasSizeLessThanOrEqualTo(3);
      long lastAfter = -1;
      long lastCommit = 0;
      for (FaultPlan.Crash crash : plan.crashes) {
        assertThat(crash.after()).isGreaterThan(lastAfter).isNotEqualTo(4);
        assertThat(crash.committed()).isBetween(lastCommit, crash.after());
        lastAfter = crash.after();
        lastCommit = crash.committed();
      }
    }
  }

  @Test
  void expectedCalls_countEveryPlannedHandling() {
    FaultPlan.Events events = events();
    for (long s = 0; s < SEEDS; s++) {
      long seed = s;
      for (Fault fault : List.of(Fault.REDELIVERIES, Fault.CRASH_AFTER_EFFECT)) {
        FaultPlan plan = FaultPlan.of(fault, seed, events, Duration.ofMillis(1));
        List<Position> positions = new ArrayList<>();
        for (int i = 0; i < plan.order.size(); i++) {
          positions.add(new Position("t", 0, i));
        }
        Map<Position, Integer> expected = plan.expectedCalls(events, positions);

        assertThat(expected).doesNotContainKey(positions.get(4)).hasSize(9);
        assertThat(expected.values()).allSatisfy(calls -> assertThat(calls).isPositive());
        plan.crashes.forEach(
            crash ->
                assertThat(expected.get(positions.get((int) crash.after())))
                    .as("%s seed %d: the crashed event is handled again", fault, seed)
                    .isGreaterThanOrEqualTo(2));
        plan.rewinds.forEach(
            (after, to) -> {
              for (long offset = to; offset <= after; offset++) {
                assertThat(expected.getOrDefault(positions.get((int) offset), 2))
                    .as("%s seed %d: offset %d is redelivered", fault, seed, offset)
                    .isGreaterThanOrEqualTo(2);
              }
            });
      }
    }
  }
}
