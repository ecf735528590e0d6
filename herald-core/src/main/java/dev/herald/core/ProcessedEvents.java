package dev.herald.core;

import dev.herald.core.spi.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * Which events a group's idempotent handlers have handled, so that none runs twice for one event
 * id. Each record is an event on the transport itself, in topic {@code <group>.processed} (keyed by
 * event id), so it is as durable as the events are and lives where they do: in the log's directory,
 * in a Kafka topic. The bus appends a record after the handler succeeded and before the offset is
 * committed, and reads the records that other instances of the group stored before it handles a
 * partition it was newly given.
 *
 * <p>Ids are remembered for the longest window of the group's idempotent handlers; a lookup honours
 * the handler's own window. Thread-safe: the partition workers of one bus share it.
 */
final class ProcessedEvents {
  /** The type of a record. */
  static final String TYPE = "herald.processed";

  /** Extension naming the handler that handled the event. */
  static final String HANDLER = "processedby";

  private final Transport transport;
  private final String topic;
  private final String service;
  private final Clock clock;
  private final Duration window;
  private final Map<String, Instant> handled = new LinkedHashMap<>();
  private final Map<Integer, Long> readUpTo = new HashMap<>();
  private final Object catchingUp = new Object();
  private long lastCatchUpStarted;
  private boolean caughtUpOnce;

  ProcessedEvents(Transport transport, String group, String service, Clock clock, Duration window) {
    this.transport = transport;
    this.topic = topic(group);
    this.service = service;
    this.clock = clock;
    this.window = window;
  }

  /** The topic that holds the records of {@code group}. */
  static String topic(String group) {
    return group + ".processed";
  }

  /**
   * Reads the records stored since the last read, unless a read began after {@code sinceNanos} (by
   * {@link System#nanoTime()}): a worker that took over a partition at {@code sinceNanos} then sees
   * every record the partition's previous owner stored before it let go.
   *
   * @throws HeraldException if the records cannot be read; the delivery waiting for them must not
   *     run then
   */
  void catchUp(long sinceNanos) {
    synchronized (catchingUp) {
      if (caughtUpOnce && lastCatchUpStarted - sinceNanos >= 0) {
        return;
      }
      long started = System.nanoTime();
      Map<Integer, Long> from;
      synchronized (this) {
        from = Map.copyOf(readUpTo);
      }
      TopicReader.Read read = TopicReader.readFrom(transport, topic, from, clock);
      synchronized (this) {
        for (Delivery record : read.events()) {
          remember(record.envelope());
        }
        readUpTo.putAll(read.ends());
        forgetExpired();
      }
      lastCatchUpStarted = started;
      caughtUpOnce = true;
    }
  }

  /** Whether {@code handler} handled event {@code eventId} within {@code handlerWindow}. */
  synchronized boolean contains(String handler, String eventId, Duration handlerWindow) {
    Instant at = handled.get(key(handler, eventId));
    return at != null && at.isAfter(clock.instant().minus(handlerWindow));
  }

  /**
   * Stores durably that {@code handler} handled {@code event}.
   *
   * @throws HeraldException if the record cannot be stored; the event must then stay uncommitted
   */
  void record(String handler, Envelope event) {
    Instant now = clock.instant();
    Envelope record =
        Envelope.builder()
            .id(EventIds.next(clock))
            .source(service)
            .type(TYPE)
            .time(now)
            .subject(event.id())
            .extension(Envelope.PARTITION_KEY, event.id())
            .extension(HANDLER, handler)
            .data(handler.getBytes(StandardCharsets.UTF_8))
            .build();
    try {
      List<Position> unused = transport.append(topic, List.of(record)).join();
    } catch (CompletionException | HeraldException e) {
      Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
      throw new HeraldException(
          "cannot record in "
              + topic
              + " that "
              + handler
              + " handled event "
              + event.id()
              + ": "
              + cause
              + "; the event stays uncommitted, and when it comes back the handler runs again",
          cause);
    }
    synchronized (this) {
      handled.put(key(handler, event.id()), now);
      forgetExpired();
    }
  }

  private void remember(Envelope record) {
    if (!TYPE.equals(record.type()) || record.subject().isEmpty()) {
      return; // a fence, or something that is not ours
    }
    String handler = record.extension(HANDLER).orElse(null);
    if (handler == null || record.time().isEmpty()) {
      return;
    }
    handled.merge(
        key(handler, record.subject().get()), record.time().get(), (a, b) -> a.isAfter(b) ? a : b);
  }

  /** Drops ids older than the window, oldest first, as far as insertion order is time order. */
  private void forgetExpired() {
    Instant horizon = clock.instant().minus(window);
    Iterator<Instant> times = handled.values().iterator();
    while (times.hasNext() && times.next().isBefore(horizon)) {
      times.remove();
    }
  }

  private static String key(String handler, String eventId) {
    return handler + '\n' + eventId;
  }
}
