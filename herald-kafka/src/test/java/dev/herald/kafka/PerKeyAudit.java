package dev.herald.kafka;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a consumer read per key, checked against what the publishers had acknowledged (for each key,
 * sequence numbers 0 to n - 1). A record read twice at one position counts once; two records with
 * the same key and sequence number are a duplicate in the log. Thread-safe.
 */
final class PerKeyAudit {
  /**
   * The verdict.
   *
   * @param acknowledged events the publishers saw acknowledged
   * @param lost acknowledged events the consumer never read
   * @param orderViolations first occurrences of a key's events read after a later one of that key
   * @param duplicates records beyond the first with the same key and sequence number
   * @param lateDuplicates duplicates read after a later event of their key
   * @param unacknowledgedStored events read that no publisher saw acknowledged
   * @param redelivered records the consumer delivered again at a position it had delivered
   */
  record Result(
      long acknowledged,
      long lost,
      long orderViolations,
      long duplicates,
      long lateDuplicates,
      long unacknowledgedStored,
      long redelivered) {}

  private record Spot(int partition, long offset) {}

  private final Map<String, List<Long>> readByKey = new HashMap<>();
  private final Set<Spot> spots = new HashSet<>();
  private final Map<Integer, Long> highestOffsets = new HashMap<>();
  private long redelivered;

  /** Records that the consumer read event {@code seq} of {@code key} at this position. */
  synchronized void read(String key, long seq, int partition, long offset) {
    if (!spots.add(new Spot(partition, offset))) {
      redelivered++;
      return;
    }
    readByKey.computeIfAbsent(key, k -> new ArrayList<>()).add(seq);
    highestOffsets.merge(partition, offset, Math::max);
    notifyAll();
  }

  /**
   * Waits until the consumer has read up to {@code endOffsets} (partition to the offset after its
   * last record); false if {@code timeoutMillis} passed first.
   */
  synchronized boolean awaitEnd(Map<Integer, Long> endOffsets, long timeoutMillis)
      throws InterruptedException {
    long end = System.currentTimeMillis() + timeoutMillis;
    while (!reached(endOffsets)) {
      long left = end - System.currentTimeMillis();
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }

  private boolean reached(Map<Integer, Long> endOffsets) {
    return endOffsets.entrySet().stream()
        .allMatch(e -> highestOffsets.getOrDefault(e.getKey(), -1L) >= e.getValue() - 1);
  }

  /** Checks what was read against {@code acknowledgedPerKey}. */
  synchronized Result check(Map<String, Long> acknowledgedPerKey) {
    long acknowledged = 0;
    long lost = 0;
    long orderViolations = 0;
    long duplicates = 0;
    long lateDuplicates = 0;
    long unacknowledgedStored = 0;
    Set<String> keys = new TreeSet<>(acknowledgedPerKey.keySet());
    keys.addAll(readByKey.keySet());
    for (String key : keys) {
      long acked = acknowledgedPerKey.getOrDefault(key, 0L);
      acknowledged += acked;
      Set<Long> first = new HashSet<>();
      long highest = -1;
      for (long seq : readByKey.getOrDefault(key, List.of())) {
        if (!first.add(seq)) {
          duplicates++;
          if (seq < highest) {
            lateDuplicates++;
          }
          continue;
        }
        if (seq < highest) {
          orderViolations++;
        } else {
          highest = seq;
        }
        if (seq >= acked) {
          unacknowledgedStored++;
        }
      }
      for (long seq = 0; seq < acked; seq++) {
        if (!first.contains(seq)) {
          lost++;
        }
      }
    }
    return new Result(
        acknowledged,
        lost,
        orderViolations,
        duplicates,
        lateDuplicates,
        unacknowledgedStored,
        redelivered);
  }
}
