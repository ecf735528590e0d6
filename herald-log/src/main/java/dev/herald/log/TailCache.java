package dev.herald.log;

import dev.herald.core.Envelope;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last few thousand small envelopes appended to a partition, by offset, so that consumers that
 * keep up take them as they are instead of reading and decoding them again. Readers still never go
 * past the watermark. It holds at most {@link #SIZE} envelopes of at most {@link #MAX_DATA_BYTES}
 * each, and only while the topic has subscribers in this process. Thread-safe; a slot is
 * overwritten by the offset {@link #SIZE} later.
 */
final class TailCache {
  static final int SIZE = 4096;
  static final int MAX_DATA_BYTES = 1024;

  private record Entry(long offset, Envelope envelope) {}

  private final AtomicReferenceArray<Entry> entries = new AtomicReferenceArray<>(SIZE);
  private volatile boolean enabled;

  /** Starts or stops caching; stopping drops what is cached. */
  void enabled(boolean enabled) {
    this.enabled = enabled;
    if (!enabled) {
      for (int i = 0; i < SIZE; i++) {
        entries.set(i, null);
      }
    }
  }

  void put(long offset, Envelope envelope) {
    if (enabled && envelope.data().length <= MAX_DATA_BYTES) {
      entries.lazySet(slot(offset), new Entry(offset, envelope));
    }
  }

  /** The envelope at {@code offset}, or null if it is not cached. */
  Envelope get(long offset) {
    Entry entry = entries.get(slot(offset));
    return entry != null && entry.offset() == offset ? entry.envelope() : null;
  }

  private static int slot(long offset) {
    return (int) (offset & (SIZE - 1));
  }
}
