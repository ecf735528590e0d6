package dev.herald.eventstore.spi;

import dev.herald.eventstore.EventSubscription;
import dev.herald.eventstore.RecordedEvent;
import dev.herald.eventstore.StreamFilter;
import dev.herald.eventstore.SubscriptionListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A subscription on one thread of its own that reads the store in position order from a position:
 * it catches up page by page, says so when a read comes back empty, then waits for an {@link
 * AppendSignal} (or the poll interval) and reads again. A page that comes back full while live
 * means it fell behind. Every backend uses it with its own way of reading.
 */
public final class CatchUpSubscription implements EventSubscription {
  /** Events read per page. */
  public static final int PAGE = 512;

  private static final Logger log = LoggerFactory.getLogger(CatchUpSubscription.class);
  private static final AtomicInteger COUNT = new AtomicInteger();

  /** How a backend reads: events of every stream from a position, none it could still miss. */
  @FunctionalInterface
  public interface Reader {
    /**
     * Up to {@code limit} events from {@code fromPosition} on, in position order, stopping before
     * any place where an event not yet visible could still appear.
     */
    List<RecordedEvent> read(long fromPosition, int limit) throws Exception;
  }

  private final Reader reader;
  private final AppendSignal signal;
  private final StreamFilter filter;
  private final SubscriptionListener listener;
  private final long pollMillis;
  private final Thread thread;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile long next;
  private volatile boolean live;
  private volatile boolean closed;

  private CatchUpSubscription(
      Reader reader,
      AppendSignal signal,
      StreamFilter filter,
      long from,
      SubscriptionListener listener,
      Duration poll) {
    this.reader = reader;
    this.signal = signal;
    this.filter = filter;
    this.next = Math.max(0, from);
    this.listener = listener;
    this.pollMillis = Math.max(1, poll.toMillis());
    this.thread = new Thread(this::run, "herald-es-subscription-" + COUNT.incrementAndGet());
    thread.setDaemon(true);
  }

  /**
   * Starts a subscription that reads with {@code reader}, wakes on {@code signal} and reads again
   * at least every {@code poll} (for what no signal announces, such as a late commit).
   */
  public static CatchUpSubscription start(
      Reader reader,
      AppendSignal signal,
      StreamFilter filter,
      long from,
      SubscriptionListener listener,
      Duration poll) {
    if (filter == null || listener == null) {
      throw new IllegalArgumentException("a subscription needs a filter and a listener");
    }
    CatchUpSubscription subscription =
        new CatchUpSubscription(reader, signal, filter, from, listener, poll);
    subscription.thread.start();
    return subscription;
  }

  @Override
  public long nextPosition() {
    return next;
  }

  @Override
  public boolean isLive() {
    return live;
  }

  private void run() {
    Throwable error = null;
    try {
      while (!closed) {
        long seen = signal.generation();
        List<RecordedEvent> page = reader.read(next, PAGE);
        for (RecordedEvent event : page) {
          if (closed) {
            break;
          }
          if (filter.matches(event.stream())) {
            listener.event(event);
          }
          next = event.position() + 1;
        }
        if (page.size() == PAGE) {
          if (live) {
            live = false;
            listener.fellBehind();
          }
          continue;
        }
        if (!page.isEmpty()) {
          // more may have been appended while this page was delivered: only an empty read
          // shows that nothing is left
          continue;
        }
        if (!live && !closed) {
          live = true;
          listener.caughtUp();
        }
        signal.await(seen, pollMillis);
      }
    } catch (Exception | Error e) {
      error = e;
      log.warn("event store subscription stopped: {}", e.toString());
    } finally {
      closed = true;
      try {
        listener.stopped(error);
      } finally {
        finished.countDown();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    if (Thread.currentThread() == thread) {
      return;
    }
    // no interrupt: it would close a file channel the reader may be in; a signal wakes it
    signal.signal();
    try {
      finished.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
