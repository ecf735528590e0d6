package dev.herald.gateway;

import dev.herald.core.spi.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The live {@link TopicFeed}s, one per topic that has followers. Thread-safe. */
final class TopicFeeds implements AutoCloseable {
  private final Transport transport;
  private final int buffer;
  private final Runnable onDropped;
  private final Duration heartbeat;
  private final Map<String, TopicFeed> feeds = new HashMap<>();

  TopicFeeds(Transport transport, int buffer, Duration heartbeat, Runnable onDropped) {
    this.heartbeat = heartbeat;
    this.transport = transport;
    this.buffer = buffer;
    this.onDropped = onDropped;
  }

  /** A new follower of {@code topic}'s live events. */
  synchronized FeedFollower follow(String topic) {
    TopicFeed feed = feeds.get(topic);
    if (feed == null || feed.isStopped()) {
      TopicFeed created = new TopicFeed(transport, topic, heartbeat, () -> forget(topic));
      feeds.put(topic, created);
      feed = created;
    }
    return feed.follow(buffer, onDropped);
  }

  /** How many topics have a live feed now. */
  synchronized int size() {
    return feeds.size();
  }

  private synchronized void forget(String topic) {
    TopicFeed feed = feeds.get(topic);
    if (feed != null && feed.isStopped()) {
      feeds.remove(topic);
    }
  }

  @Override
  public void close() {
    List<TopicFeed> open;
    synchronized (this) {
      open = new ArrayList<>(feeds.values());
      feeds.clear();
    }
    open.forEach(TopicFeed::stop);
  }
}
