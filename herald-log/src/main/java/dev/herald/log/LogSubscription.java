package dev.herald.log;

import dev.herald.core.Delivery;
import dev.herald.core.HeraldException;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A member of a {@link LogGroup}. Partitions move cooperatively, inside {@link #poll}: a member
 * gives a partition up only after its listener's {@code onRevoked} returned, and the next owner
 * takes it only then. A waiting poll parks its thread; a moved watermark, a group change or {@link
 * #wakeup()} unparks it at once.
 */
final class LogSubscription implements Subscription {
  private static final int MAX_POLL_RECORDS = 500;

  private final FileLogTransport transport;
  private final TopicLog topic;
  private final LogGroup group;
  private final StartPosition start;
  private final RebalanceListener listener;
  private final EnvelopeDecoder decoder = new EnvelopeDecoder();
  private final ReentrantLock lock = new ReentrantLock();
  private final Map<Integer, PartitionCursor> cursors = new TreeMap<>();
  private final Set<Integer> paused = new HashSet<>();
  private final Set<Integer> assignedBeforeFirstPoll = new TreeSet<>();
  private volatile boolean signalled;
  private volatile boolean woken;
  private volatile boolean closed;
  private volatile Thread waiting;
  private int rotation;

  LogSubscription(
      FileLogTransport transport,
      TopicLog topic,
      LogGroup group,
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
      signalled = false;
      rebalance();
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
      waiting = Thread.currentThread();
      try {
        if (!signalled && !woken) {
          LockSupport.parkNanos(this, remaining);
        }
      } finally {
        waiting = null;
      }
      if (Thread.interrupted()) {
        throw new InterruptedException("interrupted while polling topic " + topic.name);
      }
    }
  }

  /** Something changed that a waiting poll should look at. Safe from any thread. */
  void wake() {
    signalled = true;
    Thread thread = waiting;
    if (thread != null) {
      LockSupport.unpark(thread);
    }
  }

  /**
   * Takes the free partitions this member should own, at once, so that a start position such as
   * latest is fixed when {@code subscribe} returns; the listener hears of it on the first poll.
   */
  void joinNow() {
    assignedBeforeFirstPoll.addAll(take());
  }

  private Set<Integer> take() {
    lock.lock();
    try {
      Map<Integer, Long> taken = group.takeFree(this, cursors.keySet());
      taken.forEach(
          (partition, committed) -> {
            PartitionLog log = topic.partition(partition);
            long first = log.startOffset();
            long next = committed >= 0 ? committed : start.resolve(log.watermark().offset());
            cursors.put(partition, new PartitionCursor(log, decoder, Math.max(first, next)));
          });
      return taken.keySet();
    } finally {
      lock.unlock();
    }
  }

  private void rebalance() {
    if (!assignedBeforeFirstPoll.isEmpty()) {
      Set<Integer> assigned = Set.copyOf(assignedBeforeFirstPoll);
      assignedBeforeFirstPoll.clear();
      listener.onAssigned(assigned);
    }
    Set<Integer> revoked = group.toRevoke(this, assignment());
    if (!revoked.isEmpty()) {
      listener.onRevoked(revoked);
      lock.lock();
      try {
        for (int partition : revoked) {
          cursors.remove(partition);
          paused.remove(partition);
        }
      } finally {
        lock.unlock();
      }
      group.release(this, revoked);
    }
    if (closed) {
      return;
    }
    Set<Integer> assigned = take();
    if (!assigned.isEmpty()) {
      listener.onAssigned(Set.copyOf(assigned));
    }
  }

  /** Events from owned, unpaused partitions, starting with a different partition each time. */
  private List<Delivery> fetch() throws InterruptedException {
    lock.lock();
    try {
      List<Delivery> batch = new ArrayList<>();
      List<Integer> owned = new ArrayList<>(cursors.keySet());
      rotation++;
      for (int i = 0; i < owned.size() && batch.size() < MAX_POLL_RECORDS; i++) {
        int partition = owned.get(Math.floorMod(rotation + i, owned.size()));
        if (!paused.contains(partition)) {
          read(partition, batch);
        }
      }
      return batch;
    } finally {
      lock.unlock();
    }
  }

  private void read(int partition, List<Delivery> batch) throws InterruptedException {
    try {
      cursors.get(partition).read(MAX_POLL_RECORDS - batch.size(), batch);
    } catch (ClosedByInterruptException e) {
      Thread.interrupted(); // reported as the exception instead
      throw new InterruptedException("interrupted while reading topic " + topic.name);
    } catch (IOException e) {
      throw new HeraldException(
          "reading partition "
              + topic.name
              + "/"
              + partition
              + " failed: "
              + e
              + "; check the disk, then poll again",
          e);
    }
  }

  @Override
  public void commit(Map<Integer, Long> nextOffsets) {
    group.commit(this, nextOffsets);
  }

  @Override
  public void seek(int partition, long offset) {
    lock.lock();
    try {
      PartitionCursor cursor = cursors.get(partition);
      if (cursor != null) {
        cursor.seek(offset);
      }
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void pause(Collection<Integer> partitions) {
    lock.lock();
    try {
      paused.addAll(partitions);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void resume(Collection<Integer> partitions) {
    lock.lock();
    try {
      paused.removeAll(partitions);
    } finally {
      lock.unlock();
    }
    wake();
  }

  @Override
  public Set<Integer> assignment() {
    lock.lock();
    try {
      return Set.copyOf(cursors.keySet());
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void wakeup() {
    woken = true;
    wake();
  }

  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      cursors.clear();
      paused.clear();
    } finally {
      lock.unlock();
    }
    group.leave(this);
    topic.removeReader(this);
    transport.forget(this);
    wake();
  }
}
