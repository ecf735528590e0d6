package dev.herald.log.crash;

import java.util.BitSet;

/**
 * Checks what was read back after the last kill against what had been acknowledged: per key, the
 * acknowledged events are sequence numbers 0 to n - 1, and at most n (in flight at a kill) may also
 * be stored. Read the records of each partition in offset order. Not thread-safe.
 */
final class KeyedAudit {
  private final long[] acknowledged;
  private final BitSet[] seen;
  private final long[] highest;
  private long stored;
  private long unexpected;
  private long corrupt;
  private long orderViolations;
  private long duplicates;

  KeyedAudit(long[] acknowledged) {
    this.acknowledged = acknowledged.clone();
    this.seen = new BitSet[acknowledged.length];
    this.highest = new long[acknowledged.length];
    for (int i = 0; i < seen.length; i++) {
      seen[i] = new BitSet();
      highest[i] = -1;
    }
  }

  /** One record read back, by its data. */
  void read(String data) {
    stored++;
    CrashEvents.Parsed event = CrashEvents.parse(data);
    if (event == null) {
      corrupt++;
      return;
    }
    int key = keyIndex(event.key());
    if (key < 0 || event.seq() > acknowledged[key] || event.seq() > Integer.MAX_VALUE) {
      unexpected++;
      return;
    }
    int seq = (int) event.seq();
    if (seen[key].get(seq)) {
      duplicates++;
      return;
    }
    seen[key].set(seq);
    if (seq < highest[key]) {
      orderViolations++;
    }
    highest[key] = Math.max(highest[key], seq);
  }

  /** Damage the log reported instead of a record. */
  void damaged() {
    corrupt++;
  }

  long acknowledged() {
    long total = 0;
    for (long count : acknowledged) {
      total += count;
    }
    return total;
  }

  long lost() {
    long lost = 0;
    for (int key = 0; key < acknowledged.length; key++) {
      lost += acknowledged[key] - seen[key].get(0, (int) acknowledged[key]).cardinality();
    }
    return lost;
  }

  long stored() {
    return stored;
  }

  long unexpected() {
    return unexpected;
  }

  long corrupt() {
    return corrupt;
  }

  long orderViolations() {
    return orderViolations;
  }

  long duplicates() {
    return duplicates;
  }

  private int keyIndex(String key) {
    if (key.length() < 2 || key.charAt(0) != 'k') {
      return -1;
    }
    try {
      int index = Integer.parseInt(key.substring(1));
      return index >= 0 && index < acknowledged.length && key.equals(CrashEvents.key(index))
          ? index
          : -1;
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
