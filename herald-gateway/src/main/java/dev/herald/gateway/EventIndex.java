package dev.herald.gateway;

import dev.herald.core.Delivery;
import dev.herald.core.spi.Transport;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The events the gateway has seen lately, for looking one up by id, tracing a flow by correlation
 * id, and showing live events. It follows every topic of the transport from its oldest event on,
 * each through a throwaway consumer group that commits nothing (so no group's offsets move and
 * {@code /admin/groups} does not list them), and finds new topics by asking {@link
 * Transport#topics()} every {@link Settings#discoverEvery}. A transport that cannot list its topics
 * gives an index that stays empty.
 *
 * <p><b>Bounded:</b> it keeps only the newest {@link Settings#capacity} events (100,000 by default)
 * and at most {@link Settings#maxBytes} of them (64 MiB by default), in memory; older ones are
 * forgotten, so a lookup that finds nothing may concern an older event. After a restart it reads
 * the topics again from their start, keeping the newest. Herald's own topics ({@link
 * InternalTopics}) and control events (types {@code herald.*}, such as replays, which repeat the id
 * of the event they carry) are left out.
 *
 * <p>It also follows, for other parts of the gateway, the internal topics given to {@link #start}
 * (such as the services' {@link dev.herald.core.OutcomeReport outcome reports}), handing each event
 * of them to that topic's sink instead of keeping it.
 *
 * <p>Thread-safe. Each followed topic has a daemon thread; {@link #close()} ends them.
 */
final class EventIndex implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventIndex.class);
  private static final Duration JOIN = Duration.ofSeconds(5);

  /**
   * How much an index keeps and how often it looks for new topics.
   *
   * @param capacity the most events it keeps
   * @param maxBytes the most bytes of events it keeps (the newest event always stays)
   * @param discoverEvery how often it asks the transport for new topics
   */
  record Settings(int capacity, long maxBytes, Duration discoverEvery) {
    static final Settings DEFAULTS =
        new Settings(100_000, 64L * 1024 * 1024, Duration.ofSeconds(5));
  }

  /** Told of each event the index adds, on the thread that read it; must not block. */
  @FunctionalInterface
  interface Listener {
    void indexed(IndexedEvent event);
  }

  /** Stops a {@link Listener} from being told; closing twice does nothing. */
  interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  private final Transport transport;
  private final Map<String, Consumer<Delivery>> internalSinks;
  private final Clock clock;
  private final EventWindow window;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final Map<String, Follow> followed = new ConcurrentHashMap<>();
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService discovery =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("herald-index-discovery").factory());
  private volatile boolean listingWarned;

  private record Follow(TopicFollower follower, Thread thread) {}

  private EventIndex(
      Transport transport,
      Settings settings,
      Clock clock,
      Map<String, Consumer<Delivery>> internalSinks) {
    this.transport = transport;
    this.internalSinks = Map.copyOf(internalSinks);
    this.clock = clock;
    this.window = new EventWindow(settings.capacity(), settings.maxBytes());
  }

  /** An index of {@code transport}'s topics, already following them. */
  static EventIndex start(Transport transport, Settings settings, Clock clock) {
    return start(transport, settings, clock, event -> {}, Map.of());
  }

  /**
   * An index of {@code transport}'s topics that tells {@code listener} of every event it adds, from
   * the first, and hands every event of the internal topics named in {@code internalSinks}, once
   * they exist, to their sink (on the topic's thread).
   */
  static EventIndex start(
      Transport transport,
      Settings settings,
      Clock clock,
      Listener listener,
      Map<String, Consumer<Delivery>> internalSinks) {
    EventIndex index = new EventIndex(transport, settings, clock, internalSinks);
    var unusedRegistration = index.listen(listener);
    var unused =
        index.discovery.scheduleWithFixedDelay(
            index::discover, 0, settings.discoverEvery().toMillis(), TimeUnit.MILLISECONDS);
    return index;
  }

  /** The newest event with id {@code id}, if the index holds it. */
  Optional<IndexedEvent> byId(String id) {
    return window.byId(id);
  }

  /**
   * The events of the flow {@code correlationId} (the correlation id extension) that the index
   * holds, by time (the {@code time} attribute, else when the index read it) and then in the order
   * read, which is offset order within a partition.
   */
  List<IndexedEvent> byCorrelation(String correlationId) {
    return window.byCorrelation(correlationId);
  }

  /** The newest {@code n} events {@code filter} accepts, oldest of them first. */
  List<IndexedEvent> latest(int n, Predicate<? super IndexedEvent> filter) {
    return window.latest(n, filter);
  }

  /** Tells {@code listener} of every event added from now on, until the registration is closed. */
  Registration listen(Listener listener) {
    listeners.add(listener);
    return () -> listeners.remove(listener);
  }

  /** The topics it follows, internal ones given to {@link #start} included. */
  Set<String> topics() {
    return Set.copyOf(followed.keySet());
  }

  /** The most events it keeps. */
  int capacity() {
    return window.capacity();
  }

  private void discover() {
    if (closed.getCount() == 0) {
      return;
    }
    Optional<Set<String>> topics;
    try {
      topics = transport.topics();
    } catch (RuntimeException e) {
      // A task that throws is never run again: keep discovering.
      log.warn("event index: the transport did not list its topics; will ask again", e);
      return;
    }
    if (topics.isEmpty() && !listingWarned) {
      listingWarned = true;
      log.warn("event index: the transport cannot list its topics, so no event can be looked up");
    }
    for (String topic : topics.orElse(Set.of())) {
      Consumer<Delivery> sink =
          InternalTopics.isInternal(topic) ? internalSinks.get(topic) : this::add;
      if (sink != null) {
        followed.computeIfAbsent(topic, t -> follow(t, sink));
      }
    }
  }

  private Follow follow(String topic, Consumer<Delivery> sink) {
    TopicFollower follower = new TopicFollower(transport, topic, sink, closed);
    Thread thread = Thread.ofPlatform().daemon().name("herald-index-" + topic).start(follower);
    return new Follow(follower, thread);
  }

  private void add(Delivery delivery) {
    if (InternalTopics.isControlEvent(delivery.envelope().type())) {
      return;
    }
    IndexedEvent event = window.add(delivery, clock.instant());
    for (Listener listener : listeners) {
      try {
        listener.indexed(event);
      } catch (RuntimeException e) {
        log.warn("event index: a listener failed on event {}", event.id(), e);
      }
    }
  }

  /** Stops following the topics and waits briefly for their threads to end. */
  @Override
  public void close() {
    closed.countDown();
    discovery.shutdownNow();
    followed.values().forEach(follow -> follow.follower().wakeup());
    long deadline = System.nanoTime() + JOIN.toNanos();
    try {
      for (Follow follow : followed.values()) {
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        if (!follow.thread().join(Duration.ofMillis(left))) {
          log.warn("event index: {} did not stop within {}", follow.thread().getName(), JOIN);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
