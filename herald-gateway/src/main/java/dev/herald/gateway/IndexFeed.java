package dev.herald.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Every event the {@link EventIndex} adds, on every topic, for one client of {@code GET
 * /admin/events/stream}: first the newest {@code backlog} it already holds, then each new one. A
 * client whose {@code buffer} fills is too slow and is dropped, as on a topic's live feed.
 * Thread-safe.
 */
final class IndexFeed implements StreamSource, EventIndex.Listener {
  private static final StreamEvent WAKE_UP = new StreamEvent(-1, -1, Cursor.of(Map.of()), "");

  private final BlockingQueue<StreamEvent> queue;
  private final int buffer;
  private final EventIndex.Registration registration;
  private long backlogUpTo = -1; // guarded by this
  private volatile boolean stopped;
  private volatile boolean tooSlow;

  private IndexFeed(EventIndex index, int backlog, int buffer) {
    this.buffer = buffer;
    this.queue = new ArrayBlockingQueue<>(buffer + backlog + 1);
    synchronized (this) {
      // listen first, then take the backlog: an event in both is told once, by its sequence
      this.registration = index.listen(this);
      for (IndexedEvent event : index.latest(backlog, e -> true)) {
        queue.add(streamEvent(event));
        backlogUpTo = Math.max(backlogUpTo, event.sequence());
      }
    }
  }

  /** A feed of {@code index}'s events, starting with the newest {@code backlog} of them. */
  static IndexFeed open(EventIndex index, int backlog, int buffer) {
    return new IndexFeed(index, backlog, buffer);
  }

  @Override
  public void indexed(IndexedEvent event) {
    synchronized (this) {
      if (stopped || event.sequence() <= backlogUpTo) {
        return;
      }
    }
    if (!queue.offer(streamEvent(event))) {
      tooSlow = true; // the writer finds the queue full, so it looks at once and ends the stream
      registration.close();
    }
  }

  private static StreamEvent streamEvent(IndexedEvent event) {
    return StreamEvent.of(
        event.delivery(),
        Cursor.of(Map.of(event.delivery().partition(), event.delivery().offset() + 1)));
  }

  @Override
  public List<StreamEvent> next(Duration timeout) throws InterruptedException {
    List<StreamEvent> events = new ArrayList<>();
    StreamEvent first = queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (first != null) {
      events.add(first);
      queue.drainTo(events);
    }
    events.removeIf(e -> e == WAKE_UP);
    if (tooSlow) {
      throw new TooSlowException(
          "the client fell "
              + buffer
              + " events behind the live events and was dropped; reconnect to go on");
    }
    return stopped ? List.of() : events;
  }

  @Override
  public void acknowledged(Cursor cursor) {
    // nothing to commit: the feed belongs to no consumer group
  }

  @Override
  public void stop() {
    stopped = true;
    registration.close();
    var unused = queue.offer(WAKE_UP);
  }

  @Override
  public boolean stopped() {
    return stopped;
  }

  @Override
  public void close() {
    stop();
  }
}
