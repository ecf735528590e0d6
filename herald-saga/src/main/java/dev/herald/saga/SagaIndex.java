package dev.herald.saga;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the deadline scheduler knows of every live instance of a saga, folded from the saga's
 * streams in store order: its pending deadlines, and its steps whose events are not known to be
 * sent. Instances that ended with nothing left to send are forgotten. Thread-safe.
 */
final class SagaIndex {
  /** A pending deadline of instance {@code key}. */
  record Due(String key, Deadline deadline) {}

  private static final class Entry {
    long version = -1;
    boolean ended;
    final Map<String, Deadline> pending = new LinkedHashMap<>();
    // step version -> System.nanoTime() when the index first saw it unsent
    final Map<Long, Long> unsentSince = new HashMap<>();
  }

  private final Map<String, Entry> entries = new HashMap<>();

  /**
   * Folds in the record at {@code version} of instance {@code key}'s stream; repeats are no-ops.
   */
  synchronized void apply(String key, long version, StepRecords.Entry record) {
    Entry entry = entries.get(key);
    if (entry == null) {
      if (!(record instanceof StepRecords.Step)) {
        return; // a marker of an instance already forgotten
      }
      entry = new Entry();
      entries.put(key, entry);
    }
    if (version <= entry.version) {
      return;
    }
    entry.version = version;
    switch (record) {
      case StepRecords.Step(StepRecord step) -> {
        step.applyTo(entry.pending);
        entry.ended = step.ended();
        if (!step.outbox().isEmpty()) {
          entry.unsentSince.put(version, System.nanoTime());
        }
      }
      case StepRecords.Sent(long stepVersion) -> entry.unsentSince.remove(stepVersion);
    }
    if (entry.ended && entry.unsentSince.isEmpty()) {
      entries.remove(key);
    }
  }

  /** The pending deadlines due at {@code now}, earliest first. */
  synchronized List<Due> due(Instant now) {
    List<Due> due = new ArrayList<>();
    entries.forEach(
        (key, entry) ->
            entry.pending.values().stream()
                .filter(d -> !d.due().isAfter(now))
                .forEach(d -> due.add(new Due(key, d))));
    due.sort(Comparator.comparing((Due d) -> d.deadline().due()));
    return due;
  }

  /** Instances with a step seen unsent for longer than {@code graceNanos}. */
  synchronized List<String> unsent(long graceNanos) {
    long now = System.nanoTime();
    List<String> keys = new ArrayList<>();
    entries.forEach(
        (key, entry) -> {
          if (entry.unsentSince.values().stream().anyMatch(seen -> now - seen > graceNanos)) {
            keys.add(key);
          }
        });
    return keys;
  }

  /** How many deadlines are pending in all. */
  synchronized int pendingDeadlines() {
    return entries.values().stream().mapToInt(e -> e.pending.size()).sum();
  }
}
