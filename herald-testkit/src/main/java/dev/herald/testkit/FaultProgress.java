package dev.herald.testkit;

import dev.herald.core.Position;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * How far one run of {@link HandlerFaults} got: successful handler calls per stored event against
 * what its {@link FaultPlan} expects, crashes, dead letters and handler failures. The run is over
 * when every expected call happened (a dead letter settles its event too); waits wake as soon as
 * something is recorded. Thread-safe.
 */
final class FaultProgress {
  /** Why {@link #await} returned. */
  enum State {
    DONE,
    CRASHED,
    TIMED_OUT
  }

  private static final int MAX_FAILURES = 5;

  private final Map<Position, Integer> expected;
  private final Map<Position, Integer> calls = new HashMap<>();
  private final List<String> deadLetters = new ArrayList<>();
  private final List<String> failures = new ArrayList<>();
  private int outstanding;
  private int crashes;

  FaultProgress(Map<Position, Integer> expected) {
    this.expected = Map.copyOf(expected);
    this.outstanding = expected.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** The handler returned for the event at {@code position}. */
  synchronized void handled(Position position) {
    settle(position);
  }

  /** The event at {@code position} was dead-lettered for {@code error}. */
  synchronized void deadLettered(Position position, String label, String error) {
    deadLetters.add(label + " at " + position + ": " + error);
    settle(position);
  }

  /** A handler attempt on {@code label} threw {@code error}; it may be tried again. */
  synchronized void failed(String label, Throwable error) {
    if (failures.size() < MAX_FAILURES) {
      failures.add(label + ": " + error);
    }
  }

  /** The current process died. */
  synchronized void crashed() {
    crashes++;
    notifyAll();
  }

  /**
   * Waits until every expected call happened, the process that has crashed {@code crashesSoFar}
   * times crashes again, or {@code deadlineNanos} (of {@link System#nanoTime()}) passes.
   */
  synchronized State await(int crashesSoFar, long deadlineNanos) throws InterruptedException {
    while (true) {
      if (crashes > crashesSoFar) {
        return State.CRASHED;
      }
      if (outstanding <= 0) {
        return State.DONE;
      }
      long leftMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
      if (leftMillis <= 0) {
        return State.TIMED_OUT;
      }
      wait(leftMillis);
    }
  }

  /** Dead letters written in this run. */
  synchronized List<String> deadLetters() {
    return List.copyOf(deadLetters);
  }

  /** The first few handler failures, retried or not. */
  synchronized List<String> failures() {
    return List.copyOf(failures);
  }

  /** Which events are still waiting for calls, named by {@code label}, for a timeout message. */
  synchronized String shortfall(Function<Position, String> label) {
    List<String> missing = new ArrayList<>();
    expected.keySet().stream()
        .sorted(Comparator.comparingInt(Position::partition).thenComparingLong(Position::offset))
        .forEach(
            position -> {
              int got = calls.getOrDefault(position, 0);
              int count = expected.get(position);
              if (got < count) {
                missing.add(label.apply(position) + " handled " + got + " of " + count + " times");
              }
            });
    int handled = expected.values().stream().mapToInt(Integer::intValue).sum() - outstanding;
    return handled
        + " of "
        + (handled + outstanding)
        + " handler calls happened; waiting for "
        + String.join(", ", missing.subList(0, Math.min(5, missing.size())))
        + (missing.size() > 5 ? " and " + (missing.size() - 5) + " more" : "");
  }

  private void settle(Position position) {
    int got = calls.merge(position, 1, Integer::sum);
    if (got <= expected.getOrDefault(position, 0)) {
      outstanding--;
    }
    notifyAll();
  }
}
