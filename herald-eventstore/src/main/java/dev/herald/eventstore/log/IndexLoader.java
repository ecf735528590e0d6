package dev.herald.eventstore.log;

import dev.herald.core.Delivery;
import dev.herald.core.HeraldException;
import dev.herald.eventstore.log.EventRecords.Header;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the index when the store opens: reads the store's partition from its start and puts every
 * complete append into the index. An append is complete when all its records follow one another;
 * the records of an append a crash cut short, and records that are no events of the store, go to
 * the skipped offsets instead, as if never written.
 */
final class IndexLoader {
  private static final Logger LOG = LoggerFactory.getLogger(IndexLoader.class);
  private static final int PAGE = 1024;

  private final StoreIndex index;
  private final SkippedOffsets skipped;
  private final List<Header> append = new ArrayList<>();
  private long appendStart;

  private IndexLoader(StoreIndex index, SkippedOffsets skipped) {
    this.index = index;
    this.skipped = skipped;
  }

  /**
   * Reads the store's partition of {@code log} up to {@code end} into {@code index}, and what to
   * skip into the log's skipped offsets.
   *
   * @throws HeraldException if the log holds complete appends that contradict each other
   */
  static void load(StoreLog log, long end, StoreIndex index) {
    IndexLoader loader = new IndexLoader(index, log.skipped);
    long next = 0;
    while (next < end) {
      List<Delivery> page = log.transport.read(EventRecords.TOPIC, log.partition, next, PAGE);
      if (page.isEmpty()) {
        break;
      }
      for (Delivery delivery : page) {
        loader.accept(delivery);
        next = delivery.offset() + 1;
      }
    }
    loader.abandon("at the end of the log");
  }

  private void accept(Delivery delivery) {
    long offset = delivery.offset();
    Header header = EventRecords.header(delivery.envelope());
    if (header == null) {
      abandon("before a record that is no event of the store");
      skipped.add(offset, offset + 1);
      return;
    }
    if (header.indexInAppend() == 0) {
      abandon("before the next append");
      appendStart = offset;
    } else if (!continues(header, offset)) {
      abandon("before a record of another append");
      LOG.warn(
          "event store: offset {} holds event {} of stream {} without the start of its append;"
              + " ignoring it",
          offset,
          header.id(),
          header.stream());
      skipped.add(offset, offset + 1);
      return;
    }
    append.add(header);
    if (append.size() == header.count()) {
      commit();
    }
  }

  private boolean continues(Header header, long offset) {
    if (append.isEmpty()) {
      return false;
    }
    Header first = append.get(0);
    return header.stream().equals(first.stream())
        && header.first() == first.first()
        && header.count() == first.count()
        && header.indexInAppend() == append.size()
        && offset == appendStart + append.size();
  }

  private void commit() {
    Header first = append.get(0);
    long version = index.version(first.stream());
    if (first.first() != version + 1) {
      throw contradiction(
          "holds an append to stream "
              + first.stream()
              + " from version "
              + first.first()
              + " while the stream is at version "
              + version);
    }
    List<String> ids = new ArrayList<>(append.size());
    Set<String> distinct = new HashSet<>();
    for (Header header : append) {
      if (index.contains(header.id()) || !distinct.add(header.id())) {
        throw contradiction("holds event id " + header.id() + " twice");
      }
      ids.add(header.id());
    }
    index.add(first.stream(), ids, appendStart);
    append.clear();
  }

  /** Skips the append being assembled, if any: a crash cut it short. */
  private void abandon(String where) {
    if (append.isEmpty()) {
      return;
    }
    Header first = append.get(0);
    LOG.warn(
        "event store: ignoring an incomplete append to stream {} (versions {} to {}, {} of {} events"
            + " at offsets {} to {}) {}: a crash cut it short, so it was never acknowledged",
        first.stream(),
        first.first(),
        first.first() + first.count() - 1,
        append.size(),
        first.count(),
        appendStart,
        appendStart + append.size() - 1,
        where);
    skipped.add(appendStart, appendStart + append.size());
    append.clear();
  }

  private HeraldException contradiction(String problem) {
    Header first = append.get(0);
    return new HeraldException(
        "the event store's topic "
            + EventRecords.TOPIC
            + " at offset "
            + appendStart
            + " (event "
            + first.id()
            + ") "
            + problem
            + ": something other than the event store wrote to the topic, or its files were"
            + " changed. Restore the log directory from a backup.");
  }
}
