package dev.herald.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * A client of a topic's live {@link TopicFeed}: the events waiting for it, at most a buffer's
 * worth. The feed never waits for a follower; one whose buffer is full is dropped with the reason,
 * so a slow client never slows the others.
 */
final class FeedFollower implements StreamSource {
  private static final int BATCH = 256;

  /** Wakes a writer waiting in {@link #next} when the follower stops; never handed on. */
  private static final StreamEvent STOPPED = new StreamEvent(-1, -1, Cursor.of(Map.of()), "");

  /** Handed on by the feed when it has been idle for a heartbeat; {@link #next} returns none. */
  static final StreamEvent HEARTBEAT = new StreamEvent(-2, -1, Cursor.of(Map.of()), "");

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

  /** Called by the feed when idle: wakes the writer to send a heartbeat. */
  void heartbeat() {
    var unused = waiting.offer(HEARTBEAT); // a full queue wakes the writer anyway
  }

  @Override
  public List<StreamEvent> next(Duration timeout) throws InterruptedException {
    List<StreamEvent> events = new ArrayList<>();
    if (waiting.drainTo(events, BATCH) == 0 && !closed && dropped == null) {
      // no timed wait: the feed hands on a heartbeat when idle, so thousands of followers do
      // not each arm and cancel a timer per event (a drop only comes with a full queue)
      events.add(waiting.take());
      waiting.drainTo(events, BATCH - 1);
    }
    events.removeIf(event -> event.partition() < 0); // STOPPED and HEARTBEAT
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
