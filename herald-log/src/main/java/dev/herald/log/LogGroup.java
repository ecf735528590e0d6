package dev.herald.log;

import dev.herald.core.HeraldException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One consumer group on one topic: its members in join order, who owns which partition, and the
 * committed offsets, which every commit writes durably (fsynced, whatever the durability mode, so
 * that a crash never leaves a half-written file) to the group's file before it returns. Partitions
 * are shared as the memory transport shares them: member i of n owns every n-th partition from i,
 * and a partition changes hands only after its owner gave it up. Thread-safe.
 */
final class LogGroup {
  final String name;
  private final int partitions;
  private final Path file;
  private final List<LogSubscription> members = new ArrayList<>();
  private final Map<Integer, LogSubscription> owners = new HashMap<>();
  private final Map<Integer, Long> committed;

  LogGroup(String name, int partitions, Path file, Map<Integer, Long> committed) {
    this.name = name;
    this.partitions = partitions;
    this.file = file;
    this.committed = new TreeMap<>(committed);
  }

  synchronized void join(LogSubscription member) {
    members.add(member);
    wakeAll();
  }

  synchronized void leave(LogSubscription member) {
    members.remove(member);
    owners.values().removeIf(owner -> owner == member);
    wakeAll();
  }

  /**
   * Of {@code owned}, the partitions {@code member} must give up because others should own them.
   */
  synchronized Set<Integer> toRevoke(LogSubscription member, Set<Integer> owned) {
    Set<Integer> target = target(member);
    Set<Integer> revoked = new TreeSet<>();
    for (int partition : owned) {
      if (!target.contains(partition)) {
        revoked.add(partition);
      }
    }
    return revoked;
  }

  /** {@code member} gave up {@code partitions}; their next owners may take them. */
  synchronized void release(LogSubscription member, Set<Integer> released) {
    for (int partition : released) {
      owners.remove(partition, member);
    }
    wakeAll();
  }

  /**
   * Takes for {@code member} the free partitions it should own and does not yet; returns each with
   * the group's committed offset, or -1 if the group has none.
   */
  synchronized Map<Integer, Long> takeFree(LogSubscription member, Set<Integer> owned) {
    Map<Integer, Long> taken = new TreeMap<>();
    if (!members.contains(member)) {
      return taken;
    }
    for (int partition : target(member)) {
      if (!owned.contains(partition) && !owners.containsKey(partition)) {
        owners.put(partition, member);
        taken.put(partition, committed.getOrDefault(partition, -1L));
      }
    }
    return taken;
  }

  /**
   * Records {@code nextOffsets} of the partitions {@code member} owns and writes them to the
   * group's file; offsets of other partitions are ignored.
   *
   * @throws HeraldException if the file cannot be written
   */
  synchronized void commit(LogSubscription member, Map<Integer, Long> nextOffsets) {
    boolean changed = false;
    for (Map.Entry<Integer, Long> entry : nextOffsets.entrySet()) {
      if (owners.get(entry.getKey()) == member && entry.getValue() != null) {
        Long previous = committed.put(entry.getKey(), Math.max(0, entry.getValue()));
        changed |= previous == null || previous.longValue() != entry.getValue();
      }
    }
    if (changed) {
      try {
        OffsetStore.save(file, committed, true);
      } catch (IOException e) {
        throw new HeraldException(
            "saving the offsets of group "
                + name
                + " to "
                + file
                + " failed: "
                + e
                + "; check that the directory is writable and has free space",
            e);
      }
    }
  }

  /** A copy of the committed offsets, by partition; empty if the group never committed. */
  synchronized Map<Integer, Long> committed() {
    return Map.copyOf(committed);
  }

  /** Partitions {@code member} should own: every n-th one, by its place in join order. */
  private Set<Integer> target(LogSubscription member) {
    int index = members.indexOf(member);
    Set<Integer> target = new TreeSet<>();
    if (index < 0) {
      return target;
    }
    for (int p = index; p < partitions; p += members.size()) {
      target.add(p);
    }
    return target;
  }

  private void wakeAll() {
    members.forEach(LogSubscription::wake);
  }
}
