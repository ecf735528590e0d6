package dev.herald.testkit;

import static org.assertj.core.api.Assertions.fail;

import dev.herald.core.EventHandler;
import dev.herald.core.Position;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one consumer group handled, in handling order, for the {@link TransportContract}'s
 * assertions. It also checks order per key as events arrive: a sequence number may repeat or go
 * back (at-least-once redelivery) but never skip ahead of the last one seen plus one, which any
 * reordering or loss within a key does sooner or later.
 *
 * <p>Thread-safe; waits wake as soon as an event is recorded.
 */
final class Recorder {
  /** One handled event: which bus instance handled it, and where the transport said it was. */
  record Handled(String instance, ContractEvent event, Position position) {}

  private final String group;
  private final List<Handled> handled = new ArrayList<>();
  private final Set<String> seen = new HashSet<>();
  private final Map<String, Long> lastSequence = new HashMap<>();
  private final List<String> orderViolations = new ArrayList<>();

  Recorder(String group) {
    this.group = group;
  }

  /**
   * A recorder for {@code previous}'s group that checks order per key as a continuation of what
   * {@code previous} handled, as after a restart.
   */
  Recorder(Recorder previous) {
    this.group = previous.group;
    synchronized (previous) {
      lastSequence.putAll(previous.lastSequence);
    }
  }

  /** The consumer group this recorder stands for. */
  String group() {
    return group;
  }

  /** A handler that records each event as handled by {@code instance}. */
  EventHandler<ContractEvent> handler(String instance) {
    return (event, context) -> record(instance, event, context.position());
  }

  synchronized void record(String instance, ContractEvent event, Position position) {
    handled.add(new Handled(instance, event, position));
    seen.add(event.id());
    if (!event.marker()) {
      Long last = lastSequence.get(event.key());
      long highestAllowed = last == null ? 0 : last + 1;
      if (event.sequence() > highestAllowed) {
        orderViolations.add(
            "key "
                + event.key()
                + ": sequence "
                + event.sequence()
                + " arrived after "
                + (last == null ? "nothing" : "sequence " + last)
                + " (at "
                + position
                + ", instance "
                + instance
                + ")");
      }
      lastSequence.put(event.key(), event.sequence());
    }
    notifyAll();
  }

  /** Everything handled so far, in handling order. */
  synchronized List<Handled> handled() {
    return List.copyOf(handled);
  }

  /** Ids of everything handled so far. */
  synchronized Set<String> ids() {
    return Set.copyOf(seen);
  }

  /** How often each id was handled. */
  synchronized Map<String, Integer> counts() {
    Map<String, Integer> counts = new HashMap<>();
    handled.forEach(h -> counts.merge(h.event().id(), 1, Integer::sum));
    return counts;
  }

  /** The instances that handled at least one event. */
  synchronized Set<String> instances() {
    Set<String> instances = new TreeSet<>();
    handled.forEach(h -> instances.add(h.instance()));
    return instances;
  }

  /** Where a key's sequence skipped ahead, in arrival order; empty if order held. */
  synchronized List<String> orderViolations() {
    return List.copyOf(orderViolations);
  }

  /** Those of {@code ids} not handled yet. */
  synchronized List<String> missing(Collection<String> ids) {
    return ids.stream().filter(id -> !seen.contains(id)).toList();
  }

  /**
   * Waits until every one of {@code ids} was handled.
   *
   * @return whether they all were within {@code timeout}
   */
  synchronized boolean tryAwait(Collection<String> ids, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!missing(ids).isEmpty()) {
      long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
      if (remainingMillis <= 0) {
        return false;
      }
      wait(remainingMillis);
    }
    return true;
  }

  /** Waits until every one of {@code ids} was handled, and fails saying which were not. */
  void await(String what, Collection<String> ids, Duration timeout) throws InterruptedException {
    if (!tryAwait(ids, timeout)) {
      List<String> missing = missing(ids);
      fail(
          "group %s: expected %s (%d events) to be handled within %s, but %d were not (e.g. %s);"
              + " it handled %d events in all",
          group,
          what,
          ids.size(),
          timeout,
          missing.size(),
          missing.subList(0, Math.min(5, missing.size())),
          handled().size());
    }
  }
}
