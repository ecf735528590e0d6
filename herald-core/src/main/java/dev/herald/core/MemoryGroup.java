package dev.herald.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One consumer group on one topic of a {@link MemoryTransport}: its members in join order, who owns
 * which partition, and the committed offsets. Guarded by the transport's lock.
 */
final class MemoryGroup {
  private final int partitions;
  private final List<MemorySubscription> members = new ArrayList<>();
  private final Map<Integer, MemorySubscription> owners = new HashMap<>();
  private final Map<Integer, Long> committed = new HashMap<>();

  MemoryGroup(int partitions) {
    this.partitions = partitions;
  }

  void join(MemorySubscription member) {
    members.add(member);
  }

  void leave(MemorySubscription member) {
    members.remove(member);
    owners.values().removeIf(owner -> owner == member);
  }

  /** Partitions {@code member} should own: every n-th one, by its place in join order. */
  Set<Integer> target(MemorySubscription member) {
    int index = members.indexOf(member);
    Set<Integer> target = new HashSet<>();
    if (index < 0) {
      return target;
    }
    for (int p = index; p < partitions; p += members.size()) {
      target.add(p);
    }
    return target;
  }

  /** Whether it has no member and never committed. */
  boolean isAbandoned() {
    return members.isEmpty() && committed.isEmpty();
  }

  boolean isFree(int partition) {
    return !owners.containsKey(partition);
  }

  boolean owns(MemorySubscription member, int partition) {
    return owners.get(partition) == member;
  }

  void take(MemorySubscription member, int partition) {
    owners.put(partition, member);
  }

  void release(MemorySubscription member, int partition) {
    owners.remove(partition, member);
  }

  Long committed(int partition) {
    return committed.get(partition);
  }

  /** A copy of every committed offset, by partition. */
  Map<Integer, Long> committed() {
    return Map.copyOf(committed);
  }

  void commit(int partition, long nextOffset) {
    committed.put(partition, nextOffset);
  }
}
