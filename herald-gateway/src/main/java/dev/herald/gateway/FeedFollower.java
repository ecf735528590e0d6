package dev.herald.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client of a topic's live {@link TopicFeed}: the events waiting for it, at most a buffer's
 * worth. The feed never waits for a follower; one whose buffer is full is dropped with the reason,
 * so a slow client never slows the others.
 */
final class FeedFollower implements StreamSource {
  private static final int BATCH = 256;

  /** Wakes a writer waiting in {@link #next} when the follower stops; never handed on. */
  private static final StreamEvent STOPPED = new StreamEvent(-1, -1, Cursor.of(Map.of()), "");

  private final TopicFeed feed;
  private final BlockingQueue<StreamEvent> waiting;
  private final int buffer;
  private volatile String dropped;
  private volatile boolean closed;

  private final Runnable onDropped;

  FeedFollower(TopicFeed feed, int buffer, Runnable onDropped) {
    this.feed = feed;
    this.onDropped = onDropped;
    this.buffer = buffer;
    this.waiting = new ArrayBlockingQueue<>(buffer);
  }

  /** Called by the feed: hands on {@code event}, or drops this follower if its buffer is full. */
  void offer(StreamEvent event) {
    if (dropped == null && !waiting.offer(event)) {
      dropped =
          "the client fell "
              + buffer
              + " events behind the live stream of "
              + feed.topic()
              + " and was dropped so that it would not slow the others; reconnect with"
              + " Last-Event-ID to resume from the last event received";
      feed.leave(this);
      onDropped.run();
    }
  }

  @Override
  public List<StreamEvent> next(Duration timeout) throws InterruptedException {
    List<StreamEvent> events = new ArrayList<>();
    if (waiting.drainTo(events, BATCH) == 0 && !closed) {
      StreamEvent first = waiting.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (first != null) {
        events.add(first);
        waiting.drainTo(events, BATCH - 1);
      }
    }
    events.remove(STOPPED);
    if (events.isEmpty() && dropped != null) {
      throw new TooSlowException(dropped);
    }
    return events;
  }

  @Override
  public void delivered(StreamEvent event) {
    // the live feed commits nothing: a client resumes by its cursor
  }

  @Override
  public void acknowledged(Cursor cursor) {
    // the live feed commits nothing: a client resumes by its cursor
  }

  @Override
  public void stop() {
    closed = true;
    feed.leave(this);
    var unused = waiting.offer(STOPPED); // if the buffer is full, next does not wait anyway
  }

  @Override
  public boolean stopped() {
    return closed;
  }

  @Override
  public void close() {
    stop();
  }
}
