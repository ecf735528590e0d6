package dev.herald.core;

import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A member of a {@link MemoryGroup}. Partitions move cooperatively: a member gives up a partition
 * only after its listener's {@code onRevoked} returned, and the next owner takes it only then, so
 * two members never handle one partition at once.
 */
final class MemorySubscription implements Subscription {
  private static final int MAX_POLL_RECORDS = 500;

  private final MemoryTransport transport;
  private final String topic;
  private final MemoryGroup group;
  private final StartPosition start;
  private final RebalanceListener listener;
  private final Map<Integer, Long> positions = new HashMap<>();
  private final Set<Integer> paused = new HashSet<>();
  private final Set<Integer> assignedBeforeFirstPoll = new TreeSet<>();
  private boolean woken;
  private boolean closed;

  MemorySubscription(
      MemoryTransport transport,
      String topic,
      MemoryGroup group,
      StartPosition start,
      RebalanceListener listener) {
    this.transport = transport;
    this.topic = topic;
    this.group = group;
    this.start = start;
    this.listener = listener;
  }

  @Override
  public List<Delivery> poll(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      rebalance();
      transport.lock.lock();
      try {
        if (closed || transport.isClosed()) {
          return List.of();
        }
        List<Delivery> batch = fetch();
        if (!batch.isEmpty()) {
          return batch;
        }
        if (woken) {
          woken = false;
          return List.of();
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
          return List.of();
        }
        transport.awaitChange(remaining);
      } finally {
        transport.lock.unlock();
      }
    }
  }

  /**
   * Takes the free partitions this member should own, at once, so that a start position such as
   * latest is fixed when {@code subscribe} returns; the listener hears of it on the first poll.
   * Call with the lock held.
   */
  void joinNow() {
    assignedBeforeFirstPoll.addAll(takeFreePartitions());
  }

  private Set<Integer> takeFreePartitions() {
    Set<Integer> assigned = new TreeSet<>();
    for (int p : group.target(this)) {
      if (!positions.containsKey(p) && group.isFree(p)) {
        group.take(this, p);
        Long committed = group.committed(p);
        long end = transport.partitionLog(topic, p).size();
        positions.put(p, committed != null ? committed : start.resolve(end));
        assigned.add(p);
      }
    }
    return assigned;
  }

  private void rebalance() {
    if (!assignedBeforeFirstPoll.isEmpty()) {
      Set<Integer> assigned = Set.copyOf(assignedBeforeFirstPoll);
      assignedBeforeFirstPoll.clear();
      listener.onAssigned(assigned);
    }
    Set<Integer> revoked = new TreeSet<>();
    transport.lock.lock();
    try {
      Set<Integer> target = group.target(this);
      for (int p : positions.keySet()) {
        if (!target.contains(p)) {
          revoked.add(p);
        }
      }
    } finally {
      transport.lock.unlock();
    }
    if (!revoked.isEmpty()) {
      listener.onRevoked(revoked);
      transport.lock.lock();
      try {
        for (int p : revoked) {
          group.release(this, p);
          positions.remove(p);
          paused.remove(p);
        }
        transport.changed.signalAll();
      } finally {
        transport.lock.unlock();
      }
    }
    Set<Integer> assigned;
    transport.lock.lock();
    try {
      if (closed) {
        return;
      }
      assigned = takeFreePartitions();
    } finally {
      transport.lock.unlock();
    }
    if (!assigned.isEmpty()) {
      listener.onAssigned(assigned);
    }
  }

  /** Events from owned, unpaused partitions; call with the lock held. */
  private List<Delivery> fetch() {
    List<Delivery> batch = new ArrayList<>();
    for (int p : new TreeSet<>(positions.keySet())) {
      if (paused.contains(p)) {
        continue;
      }
      List<Envelope> log = transport.partitionLog(topic, p);
      long position = positions.get(p);
      while (position < log.size() && batch.size() < MAX_POLL_RECORDS) {
        batch.add(new Delivery(log.get((int) position), topic, p, position));
        position++;
      }
      positions.put(p, position);
    }
    return batch;
  }

  @Override
  public void commit(Map<Integer, Long> nextOffsets) {
    transport.lock.lock();
    try {
      nextOffsets.forEach(
          (partition, offset) -> {
            if (group.owns(this, partition)) {
              group.commit(partition, offset);
            }
          });
    } finally {
      transport.lock.unlock();
    }
  }

  @Override
  public void seek(int partition, long offset) {
    transport.lock.lock();
    try {
      if (positions.containsKey(partition)) {
        positions.put(partition, Math.max(0, offset));
      }
    } finally {
      transport.lock.unlock();
    }
  }

  @Override
  public void pause(Collection<Integer> partitions) {
    transport.lock.lock();
    try {
      paused.addAll(partitions);
    } finally {
      transport.lock.unlock();
    }
  }

  @Override
  public void resume(Collection<Integer> partitions) {
    transport.lock.lock();
    try {
      paused.removeAll(partitions);
      transport.changed.signalAll();
    } finally {
      transport.lock.unlock();
    }
  }

  @Override
  public Set<Integer> assignment() {
    transport.lock.lock();
    try {
      return Set.copyOf(positions.keySet());
    } finally {
      transport.lock.unlock();
    }
  }

  @Override
  public void wakeup() {
    transport.lock.lock();
    try {
      woken = true;
      transport.changed.signalAll();
    } finally {
      transport.lock.unlock();
    }
  }

  MemoryGroup group() {
    return group;
  }

  @Override
  public void close() {
    transport.lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      group.leave(this);
      positions.clear();
      transport.forget(this);
      transport.changed.signalAll();
    } finally {
      transport.lock.unlock();
    }
  }
}
