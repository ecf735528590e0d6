package dev.herald.kafka;

import dev.herald.core.EventBus;
import dev.herald.core.EventType;
import dev.herald.core.HeraldException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Keyed publish load through an {@link EventBus}: one thread per key publishes {@code (key, 0)},
 * {@code (key, 1)}, ... with the blocking {@link EventBus#publish(Object)}, so each key has at most
 * one event in flight and moves on only once the event is acknowledged. A failed publish is retried
 * with the same key and sequence number until it is acknowledged or the deadline passes; such a
 * retry is a new envelope (a new event id), so it duplicates the event if the failed attempt was
 * stored after all.
 */
final class KeyedLoad implements AutoCloseable {
  /** The event: which key, and its place in that key's sequence. */
  @EventType(name = "crash.load.published", key = "key")
  record Published(String key, long seq) {}

  /** The topic {@link Published} goes to. */
  static final String TOPIC = "crash.load";

  private final EventBus bus;
  private final long deadline;
  private final AtomicLongArray acknowledged;
  private final LongAdder retries = new LongAdder();
  private final Map<String, String> failures = new ConcurrentHashMap<>();
  private final Map<String, LongAdder> failureCounts = new ConcurrentHashMap<>();
  private final AtomicLong longestWait = new AtomicLong();
  private final AtomicReference<Throwable> died = new AtomicReference<>();
  private final Object progress = new Object();
  private final List<Thread> threads = new ArrayList<>();
  private long total; // guarded by progress
  private volatile boolean stopping;

  private KeyedLoad(EventBus bus, int keys, Duration limit) {
    this.bus = bus;
    this.deadline = System.nanoTime() + limit.toNanos();
    this.acknowledged = new AtomicLongArray(keys);
  }

  /** Starts {@code keys} publisher threads that give up on an event once {@code limit} passed. */
  static KeyedLoad start(EventBus bus, int keys, Duration limit) {
    KeyedLoad load = new KeyedLoad(bus, keys, limit);
    for (int i = 0; i < keys; i++) {
      int index = i;
      Thread thread = new Thread(() -> load.publish(index), "publisher-" + key(i));
      thread.setDaemon(true);
      thread.setUncaughtExceptionHandler((t, e) -> load.died.compareAndSet(null, e));
      load.threads.add(thread);
    }
    load.threads.forEach(Thread::start);
    return load;
  }

  static String key(int index) {
    return "k%02d".formatted(index);
  }

  private void publish(int index) {
    String key = key(index);
    for (long seq = 0; !stopping; seq++) {
      long firstTry = System.nanoTime();
      while (true) {
        try {
          bus.publish(new Published(key, seq));
          break;
        } catch (HeraldException e) {
          Throwable root = e;
          while (root.getCause() != null) {
            root = root.getCause();
          }
          String kind = root.getClass().getSimpleName();
          failures.putIfAbsent(kind, String.valueOf(root.getMessage()));
          failureCounts.computeIfAbsent(kind, k -> new LongAdder()).increment();
          if (System.nanoTime() - deadline > 0) {
            return; // the event stays unacknowledged
          }
          retries.increment();
        }
      }
      longestWait.accumulateAndGet(System.nanoTime() - firstTry, Math::max);
      acknowledged.set(index, seq + 1);
      synchronized (progress) {
        total++;
        progress.notifyAll();
      }
    }
  }

  /** Events acknowledged so far, over all keys. */
  long acknowledged() {
    synchronized (progress) {
      return total;
    }
  }

  /** Waits until {@code target} events are acknowledged; false if {@code timeout} passed first. */
  boolean awaitAcknowledged(long target, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (total < target) {
        long left = end - System.nanoTime();
        if (left <= 0 || died.get() != null) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(progress, left);
      }
      return true;
    }
  }

  /** Lets each publisher finish the event it is on, and waits for all of them. */
  void stop(Duration timeout) throws InterruptedException {
    stopping = true;
    long end = System.nanoTime() + timeout.toNanos();
    for (Thread thread : threads) {
      thread.join(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
      if (thread.isAlive()) {
        throw new AssertionError(thread.getName() + " did not finish within " + timeout);
      }
    }
    if (died.get() != null) {
      throw new AssertionError("a publisher thread died", died.get());
    }
  }

  /** How many events of each key were acknowledged: sequence numbers 0 to n - 1. */
  Map<String, Long> acknowledgedPerKey() {
    Map<String, Long> perKey = new LinkedHashMap<>();
    for (int i = 0; i < acknowledged.length(); i++) {
      perKey.put(key(i), acknowledged.get(i));
    }
    return perKey;
  }

  /** Publishes that failed and were tried again. */
  long retries() {
    return retries.sum();
  }

  /** Failed publishes by root cause: count and the first message. */
  Map<String, String> failures() {
    Map<String, String> byKind = new TreeMap<>();
    failureCounts.forEach(
        (kind, count) -> byKind.put(kind, count.sum() + "x, e.g. " + failures.get(kind)));
    return byKind;
  }

  /** The longest time from an event's first publish attempt to its acknowledgement. */
  Duration longestWait() {
    return Duration.ofNanos(longestWait.get());
  }

  /** Stops publishing, waiting up to 30 s in all for the threads; they are daemons anyway. */
  @Override
  public void close() throws InterruptedException {
    stopping = true;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    for (Thread thread : threads) {
      thread.join(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
    }
  }
}
