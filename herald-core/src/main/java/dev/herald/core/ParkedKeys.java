package dev.herald.core;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Ordered mode's memory for one partition: which keys are parked, and behind which dead letters. A
 * key's sequence is its head (the first of its events to die) and every dead letter of the key
 * still pending, in the order the events were first read. The key is released when the sequence is
 * empty (every member was replayed and handled) or a purge's release event arrives. Used by one
 * partition worker thread only.
 */
final class ParkedKeys {
  /** One parked key's sequence. */
  static final class Sequence {
    final String head;
    // original offset -> dead-letter id; the first entry is the one that blocks the key
    private final TreeMap<Long, String> pending = new TreeMap<>();

    Sequence(String head) {
      this.head = head;
    }

    boolean contains(String id) {
      return pending.containsValue(id);
    }

    boolean isFirst(String id) {
      return !pending.isEmpty() && pending.firstEntry().getValue().equals(id);
    }

    void put(long originalOffset, String id) {
      pending.put(originalOffset, id);
    }

    void remove(String id) {
      pending.values().remove(id);
    }

    boolean isEmpty() {
      return pending.isEmpty();
    }

    int size() {
      return pending.size();
    }
  }

  private final Map<String, Sequence> byKey = new HashMap<>();

  /** The sequence {@code key} is parked behind, if any. */
  Optional<Sequence> of(String key) {
    return Optional.ofNullable(byKey.get(key));
  }

  /** Adds dead letter {@code id} to the sequence of {@code key} headed by {@code head}. */
  void park(String key, String head, long originalOffset, String id) {
    byKey.computeIfAbsent(key, k -> new Sequence(head)).put(originalOffset, id);
  }

  /** Releases {@code key} if it is parked behind {@code head}; returns whether it was. */
  boolean release(String key, String head) {
    Sequence sequence = byKey.get(key);
    if (sequence != null && sequence.head.equals(head)) {
      byKey.remove(key);
      return true;
    }
    return false;
  }

  /** Releases {@code key} if its sequence has nothing pending any more. */
  boolean releaseIfDone(String key) {
    Sequence sequence = byKey.get(key);
    if (sequence != null && sequence.isEmpty()) {
      byKey.remove(key);
      return true;
    }
    return false;
  }

  int size() {
    return byKey.size();
  }

  /**
   * The parked keys of {@code topic}/{@code partition} for a consumer that starts reading at {@code
   * start}: the ordered-mode dead letters written before {@code start} that no replay or purge
   * resolved before {@code start} (one resolved at or after it is still ahead of the consumer,
   * which will meet its control event).
   */
  static ParkedKeys rebuild(DeadLetterLedger ledger, String topic, int partition, long start) {
    ParkedKeys parked = new ParkedKeys();
    for (DeadLetterWire.Stored entry : ledger.stored()) {
      DeadLetter letter = entry.letter();
      Position original = letter.original();
      Optional<String> key = letter.envelope().partitionKey();
      if (letter.sequence().isEmpty()
          || key.isEmpty()
          || !original.topic().equals(topic)
          || original.partition() != partition
          || entry.deliveryOffset() >= start) {
        continue;
      }
      Optional<DeadLetterLedger.Action> action = ledger.action(letter.id());
      boolean resolved =
          action.isPresent()
              && action
                  .get()
                  .control()
                  .map(c -> c.partition() != partition || c.offset() < start)
                  .orElse(true);
      if (!resolved) {
        parked.park(key.get(), letter.sequence().get(), original.offset(), letter.id());
      }
    }
    return parked;
  }
}
