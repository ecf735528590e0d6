package dev.herald.core;

import dev.herald.core.spi.AppendChecks;
import dev.herald.core.spi.CommittedOffsets;
import dev.herald.core.spi.Features;
import dev.herald.core.spi.Names;
import dev.herald.core.spi.Partitioner;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Topics as lists in memory, for tests and examples. Deterministic: partitions are picked by {@link
 * Partitioner} and shared among a group's members by join order. One lock guards all state, and one
 * condition wakes every waiting subscription on any change.
 */
final class MemoryTransport implements Transport {
  static final int DEFAULT_PARTITIONS = 4;
  static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;

  final ReentrantLock lock = new ReentrantLock();
  final Condition changed = lock.newCondition();
  private final int partitionsPerTopic;
  private final Map<String, List<List<Envelope>>> topics = new HashMap<>();
  private final Map<GroupKey, MemoryGroup> groups = new HashMap<>();
  private final List<MemorySubscription> subscriptions = new ArrayList<>();
  private boolean closed;

  MemoryTransport(int partitionsPerTopic) {
    if (partitionsPerTopic < 1) {
      throw new HeraldException(
          "a topic needs at least 1 partition, " + partitionsPerTopic + " was asked for");
    }
    this.partitionsPerTopic = partitionsPerTopic;
  }

  @Override
  public Features features() {
    return new Features(false, false, MAX_EVENT_BYTES);
  }

  @Override
  public CompletableFuture<List<Position>> append(String topic, List<Envelope> envelopes) {
    Names.check("topic", topic);
    HeraldException oversized = AppendChecks.oversized(envelopes, MAX_EVENT_BYTES, "memory");
    if (oversized != null) {
      return CompletableFuture.failedFuture(oversized);
    }
    List<Position> positions = new ArrayList<>(envelopes.size());
    lock.lock();
    try {
      checkOpen();
      List<List<Envelope>> partitions = topic(topic);
      for (Envelope envelope : envelopes) {
        int partition =
            Partitioner.partition(envelope.partitionKey().orElse(null), partitions.size());
        List<Envelope> log = partitions.get(partition);
        positions.add(new Position(topic, partition, log.size()));
        log.add(envelope);
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    return CompletableFuture.completedFuture(positions);
  }

  @Override
  public int partitions(String topic) {
    Names.check("topic", topic);
    lock.lock();
    try {
      return topic(topic).size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<Map<Integer, Long>> endOffsets(String topic) {
    Names.check("topic", topic);
    lock.lock();
    try {
      List<List<Envelope>> partitions = topic(topic);
      Map<Integer, Long> ends = new HashMap<>();
      for (int p = 0; p < partitions.size(); p++) {
        ends.put(p, (long) partitions.get(p).size());
      }
      return Optional.of(Map.copyOf(ends));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<Set<String>> topics() {
    lock.lock();
    try {
      checkOpen();
      return Optional.of(Set.copyOf(topics.keySet()));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Optional<List<CommittedOffsets>> committedOffsets() {
    lock.lock();
    try {
      checkOpen();
      List<CommittedOffsets> all = new ArrayList<>();
      groups.forEach(
          (key, group) -> {
            Map<Integer, Long> committed = group.committed();
            if (!committed.isEmpty()) {
              all.add(new CommittedOffsets(key.group(), key.topic(), committed));
            }
          });
      return Optional.of(List.copyOf(all));
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Subscription subscribe(
      String topic, String group, StartPosition start, RebalanceListener listener) {
    Names.check("topic", topic);
    Names.check("consumer group", group);
    lock.lock();
    try {
      checkOpen();
      MemoryGroup memoryGroup =
          groups.computeIfAbsent(
              new GroupKey(topic, group), k -> new MemoryGroup(topic(topic).size()));
      MemorySubscription subscription =
          new MemorySubscription(this, topic, memoryGroup, start, listener);
      memoryGroup.join(subscription);
      subscription.joinNow();
      subscriptions.add(subscription);
      changed.signalAll();
      return subscription;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    List<MemorySubscription> open;
    lock.lock();
    try {
      closed = true;
      open = List.copyOf(subscriptions);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    open.forEach(MemorySubscription::close);
  }

  /** The events of {@code partition}; call with the lock held. */
  List<Envelope> partitionLog(String topic, int partition) {
    return topic(topic).get(partition);
  }

  // A group that never committed and has no member left holds nothing worth keeping: forgetting it
  // keeps throwaway readers (dead-letter scans, tail) from piling up groups.
  void forget(MemorySubscription subscription) {
    subscriptions.remove(subscription);
    MemoryGroup group = subscription.group();
    if (group.isAbandoned()) {
      groups.values().removeIf(g -> g == group);
    }
  }

  boolean isClosed() {
    return closed;
  }

  @SuppressWarnings("WaitNotInLoop") // callers loop: MemorySubscription.poll
  boolean awaitChange(long nanos) throws InterruptedException {
    return changed.await(nanos, TimeUnit.NANOSECONDS);
  }

  private List<List<Envelope>> topic(String topic) {
    return topics.computeIfAbsent(
        topic,
        t -> {
          List<List<Envelope>> partitions = new ArrayList<>(partitionsPerTopic);
          for (int i = 0; i < partitionsPerTopic; i++) {
            partitions.add(new ArrayList<>());
          }
          return partitions;
        });
  }

  private void checkOpen() {
    if (closed) {
      throw new HeraldException("the memory transport is closed; open a new one");
    }
  }

  private record GroupKey(String topic, String group) {}
}
