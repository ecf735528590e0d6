package dev.herald.eventstore.log;

import dev.herald.core.Delivery;
import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import dev.herald.core.Position;
import dev.herald.core.spi.Partitioner;
import dev.herald.eventstore.RecordedEvent;
import dev.herald.eventstore.spi.CatchUpSubscription;
import dev.herald.log.LogTransport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The store's side of the log: its partition of topic {@code herald.eventstore}, read by offset and
 * never past what the log acknowledged, with the offsets that hold no event of the store skipped. A
 * transport carries one store at a time. Thread-safe.
 */
final class StoreLog {
  private static final int PAGE = CatchUpSubscription.PAGE;
  private static final Set<LogTransport> CLAIMED =
      Collections.newSetFromMap(new IdentityHashMap<>()); // guarded by itself

  final LogTransport transport;
  final int partition;
  final SkippedOffsets skipped = new SkippedOffsets();

  private StoreLog(LogTransport transport, int partition) {
    this.transport = transport;
    this.partition = partition;
  }

  /**
   * Claims {@code transport} for one store and finds the store's partition, creating the topic if
   * needed; {@link #release} gives it back.
   *
   * @throws HeraldException if a store already uses the transport, or retention deleted events
   */
  static StoreLog claim(LogTransport transport) {
    synchronized (CLAIMED) {
      if (!CLAIMED.add(transport)) {
        throw new HeraldException(
            "an event store is already open on the log in "
                + transport.directory()
                + "; share that store, or close it first");
      }
    }
    try {
      String topic = EventRecords.TOPIC;
      int partition =
          Partitioner.partition(EventRecords.PARTITION_KEY, transport.partitions(topic));
      long start = transport.startOffset(topic, partition);
      if (start > 0) {
        throw new HeraldException(
            "retention deleted the event store's events before position "
                + start
                + " in "
                + transport.directory()
                + ", so streams there are incomplete. An event store keeps every event: open the"
                + " log without retention, and restore the directory from a backup");
      }
      return new StoreLog(transport, partition);
    } catch (RuntimeException e) {
      release(transport);
      throw e;
    }
  }

  /** Lets another store use the transport. */
  static void release(LogTransport transport) {
    synchronized (CLAIMED) {
      CLAIMED.remove(transport);
    }
  }

  /** The offset after the last record readers may see. */
  long end() {
    return transport.endOffset(EventRecords.TOPIC, partition);
  }

  /** Hands {@code envelopes} to the log as one append: consecutive offsets, visible together. */
  CompletableFuture<List<Position>> append(List<Envelope> envelopes) {
    return transport.append(EventRecords.TOPIC, envelopes);
  }

  /** The position of the last event readers may see, or -1. */
  long lastPosition() {
    return skipped.lastKeptBefore(end());
  }

  /**
   * The events of {@code stream} at {@code positions}, versions {@code from} on, read in runs of
   * consecutive positions.
   *
   * @throws HeraldException if the log holds something else there
   */
  List<RecordedEvent> read(String stream, int from, long[] positions) {
    List<RecordedEvent> events = new ArrayList<>(positions.length);
    for (int i = 0; i < positions.length; ) {
      int run = 1;
      while (i + run < positions.length && positions[i + run] == positions[i] + run && run < PAGE) {
        run++;
      }
      List<Delivery> read = transport.read(EventRecords.TOPIC, partition, positions[i], run);
      for (int k = 0; k < run; k++) {
        RecordedEvent event = k < read.size() ? EventRecords.event(read.get(k)) : null;
        long version = (long) from + i + k;
        if (event == null
            || !event.stream().equals(stream)
            || event.version() != version
            || event.position() != positions[i + k]) {
          throw new HeraldException(
              "the event store's index puts version "
                  + version
                  + " of stream "
                  + stream
                  + " at position "
                  + positions[i + k]
                  + ", but the log holds "
                  + event
                  + " there; something other than the store wrote to topic "
                  + EventRecords.TOPIC
                  + ". Close and reopen the store");
        }
        events.add(event);
      }
      i += run;
    }
    return events;
  }

  /** Up to {@code limit} events from {@code from} on, skipping what is no event of the store. */
  List<RecordedEvent> readAll(long from, int limit) {
    List<RecordedEvent> events = new ArrayList<>(Math.min(limit, PAGE));
    long next = from;
    while (events.size() < limit) {
      next = skipped.nextKept(next);
      List<Delivery> page =
          transport.read(
              EventRecords.TOPIC, partition, next, Math.min(PAGE, limit - events.size()));
      if (page.isEmpty()) {
        break;
      }
      for (Delivery delivery : page) {
        next = delivery.offset() + 1;
        RecordedEvent event =
            skipped.contains(delivery.offset()) ? null : EventRecords.event(delivery);
        if (event != null) {
          events.add(event);
        }
      }
    }
    return events;
  }
}
