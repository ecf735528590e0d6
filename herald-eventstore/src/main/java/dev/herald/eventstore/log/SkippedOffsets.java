package dev.herald.eventstore.log;

import java.util.Arrays;

/**
 * Offsets of the store's partition that hold no event of the store: appends a crash cut short, and
 * records something else wrote. Found when the store opens, as merged ranges in offset order; a
 * crash leaves at most one torn append, so there are few. Not changed once the store is open, so
 * readers need no lock.
 */
final class SkippedOffsets {
  private long[] starts = new long[4];
  private long[] ends = new long[4];
  private int size;

  /** Skips {@code [start, end)}, which lies after every range added before. */
  void add(long start, long end) {
    if (size > 0 && ends[size - 1] == start) {
      ends[size - 1] = end;
      return;
    }
    if (size == starts.length) {
      starts = Arrays.copyOf(starts, size * 2);
      ends = Arrays.copyOf(ends, size * 2);
    }
    starts[size] = start;
    ends[size] = end;
    size++;
  }

  /** Whether {@code offset} holds no event of the store. */
  boolean contains(long offset) {
    int range = rangeAtOrBefore(offset);
    return range >= 0 && offset < ends[range];
  }

  /** The first offset from {@code offset} on that is not skipped. */
  long nextKept(long offset) {
    int range = rangeAtOrBefore(offset);
    return range >= 0 && offset < ends[range] ? ends[range] : offset;
  }

  /** The last offset before {@code end} that is not skipped, or -1. */
  long lastKeptBefore(long end) {
    long last = end - 1;
    int range = rangeAtOrBefore(last);
    return range >= 0 && last < ends[range] ? starts[range] - 1 : last;
  }

  /** How many ranges there are. */
  int ranges() {
    return size;
  }

  private int rangeAtOrBefore(long offset) {
    int found = Arrays.binarySearch(starts, 0, size, offset);
    return found >= 0 ? found : -found - 2;
  }
}
