package dev.herald.gateway;

import dev.herald.core.Delivery;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The newest events read, indexed by event id and by correlation id: at most {@code capacity}
 * events and at most {@code maxBytes} of them (by {@link dev.herald.core.Envelope#approximateSize},
 * always keeping the newest one). When either bound is reached the oldest go. Thread-safe: one lock
 * guards everything, and every query copies what it returns.
 */
final class EventWindow {
  private static final Comparator<IndexedEvent> FLOW_ORDER =
      Comparator.comparing(IndexedEvent::time).thenComparingLong(IndexedEvent::sequence);

  private final int capacity;
  private final long maxBytes;
  private final ArrayDeque<IndexedEvent> events = new ArrayDeque<>();
  private final Map<String, IndexedEvent> byId = new HashMap<>();
  private final Map<String, ArrayDeque<IndexedEvent>> byCorrelation = new HashMap<>();
  private long bytes;
  private long sequence;

  EventWindow(int capacity, long maxBytes) {
    this.capacity = capacity;
    this.maxBytes = maxBytes;
  }

  /** Adds {@code delivery}, read at {@code seen}, dropping the oldest events beyond the bounds. */
  synchronized IndexedEvent add(Delivery delivery, Instant seen) {
    IndexedEvent event = new IndexedEvent(sequence++, delivery, seen);
    events.addLast(event);
    bytes += delivery.envelope().approximateSize();
    // A second event with one id (a duplicate delivery, a republish) is the one a lookup finds.
    byId.put(event.id(), event);
    event
        .envelope()
        .correlationId()
        .ifPresent(flow -> byCorrelation.computeIfAbsent(flow, f -> new ArrayDeque<>()).add(event));
    while (events.size() > capacity || (bytes > maxBytes && events.size() > 1)) {
      evictOldest();
    }
    return event;
  }

  private void evictOldest() {
    IndexedEvent oldest = events.removeFirst();
    bytes -= oldest.envelope().approximateSize();
    byId.remove(oldest.id(), oldest);
    oldest
        .envelope()
        .correlationId()
        .ifPresent(
            flow -> {
              // Events leave in the order they came, so the oldest of its flow is first there.
              ArrayDeque<IndexedEvent> flowEvents = byCorrelation.get(flow);
              flowEvents.removeFirst();
              if (flowEvents.isEmpty()) {
                byCorrelation.remove(flow);
              }
            });
  }

  /** The newest event with id {@code id}, if the window holds one. */
  synchronized Optional<IndexedEvent> byId(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /**
   * The events of the flow {@code correlationId} the window holds, by {@link IndexedEvent#time()}
   * and then in the order they were read (which is offset order within a partition).
   */
  synchronized List<IndexedEvent> byCorrelation(String correlationId) {
    ArrayDeque<IndexedEvent> flow = byCorrelation.get(correlationId);
    if (flow == null) {
      return List.of();
    }
    List<IndexedEvent> sorted = new ArrayList<>(flow);
    sorted.sort(FLOW_ORDER);
    return sorted;
  }

  /** The newest {@code n} events that {@code filter} accepts, oldest of them first. */
  synchronized List<IndexedEvent> latest(int n, Predicate<? super IndexedEvent> filter) {
    List<IndexedEvent> newest = new ArrayList<>();
    Iterator<IndexedEvent> backwards = events.descendingIterator();
    while (newest.size() < n && backwards.hasNext()) {
      IndexedEvent event = backwards.next();
      if (filter.test(event)) {
        newest.add(event);
      }
    }
    Collections.reverse(newest);
    return newest;
  }

  /** How many events it holds. */
  synchronized int size() {
    return events.size();
  }

  /** The most events it holds. */
  int capacity() {
    return capacity;
  }
}
