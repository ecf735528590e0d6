package dev.herald.testkit;

import dev.herald.core.EventHandler;
import dev.herald.core.EventType;
import dev.herald.core.HandlerOptions;
import dev.herald.core.RetryPolicy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/** Events and recording handlers for the tests of {@link HandlerFaults}. */
final class FaultFixtures {
  private FaultFixtures() {}

  @EventType(name = "faults.test.step.taken", key = "key")
  record StepTaken(String key, int step) {}

  @EventType(name = "faults.test.step.undone", key = "key")
  record StepUndone(String key, int step) {}

  @EventType(name = "faults.other.thing.happened", key = "id")
  record OtherHappened(String id) {}

  /** One handler call as a test handler saw it. */
  record Call(String eventId, String key, int step, String thread) {}

  /** Steps 0..2 of keys k-0..k-3, interleaved: k-0/0, k-1/0, ..., k-3/2. */
  static List<StepTaken> steps() {
    List<StepTaken> steps = new ArrayList<>();
    for (int step = 0; step < 3; step++) {
      for (int key = 0; key < 4; key++) {
        steps.add(new StepTaken("k-" + key, step));
      }
    }
    return steps;
  }

  /** One attempt per event: a failure dead-letters it at once. */
  static HandlerOptions noRetries() {
    return HandlerOptions.builder().retry(RetryPolicy.builder().maxAttempts(1).build()).build();
  }

  /** Every call a handler got, in call order, and what tests read from them. Thread-safe. */
  static final class Calls {
    private final List<Call> calls = new ArrayList<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /** Records every call. */
    EventHandler<StepTaken> handler() {
      return (event, context) -> add(context.envelope().id(), event);
    }

    /** Records the first call per event id only: idempotent by event id. */
    EventHandler<StepTaken> firstCallPerEvent() {
      return (event, context) -> {
        if (firstTime(context.envelope().id())) {
          add(context.envelope().id(), event);
        }
      };
    }

    synchronized void add(String eventId, StepTaken event) {
      calls.add(new Call(eventId, event.key(), event.step(), Thread.currentThread().getName()));
    }

    /** Whether {@code eventId} is new. */
    boolean firstTime(String eventId) {
      return seen.add(eventId);
    }

    synchronized List<Call> calls() {
      return List.copyOf(calls);
    }

    synchronized Map<String, Integer> callsPerEvent() {
      Map<String, Integer> counts = new HashMap<>();
      calls.forEach(c -> counts.merge(c.eventId(), 1, Integer::sum));
      return counts;
    }

    /** How often each step was handled, by {@code key/step}. */
    synchronized Map<String, Integer> callsPerStep() {
      Map<String, Integer> counts = new TreeMap<>();
      calls.forEach(c -> counts.merge(c.key() + "/" + c.step(), 1, Integer::sum));
      return counts;
    }

    /** The steps handled, as {@code key/step}, whatever the order and count. */
    synchronized Set<String> stepsTaken() {
      Set<String> taken = new TreeSet<>();
      calls.forEach(c -> taken.add(c.key() + "/" + c.step()));
      return taken;
    }

    /** The steps in call order, as {@code key/step}. */
    synchronized List<String> stepsInCallOrder() {
      return calls.stream().map(c -> c.key() + "/" + c.step()).toList();
    }

    /** Each key's steps in call order. */
    synchronized Map<String, List<Integer>> stepsPerKey() {
      Map<String, List<Integer>> perKey = new TreeMap<>();
      calls.forEach(c -> perKey.computeIfAbsent(c.key(), k -> new ArrayList<>()).add(c.step()));
      return perKey;
    }

    synchronized void clear() {
      calls.clear();
      seen.clear();
    }
  }
}
