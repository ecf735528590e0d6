package dev.herald.gateway;

import dev.herald.core.Delivery;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live events of one topic, read once and handed to every client that follows it from now on:
 * one subscription (a throwaway group from the latest events, committing nothing) on one thread,
 * however many clients. It starts with its first follower and stops when the last one leaves.
 */
final class TopicFeed {
  private static final Logger log = LoggerFactory.getLogger(TopicFeed.class);
  private static final Duration POLL = Duration.ofMillis(200);
  private static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

  private final Transport transport;
  private final String topic;
  private final Runnable onEmpty;
  private final Duration heartbeat;
  private final Set<FeedFollower> followers = ConcurrentHashMap.newKeySet();
  private final Thread reader;
  private volatile boolean stopped;

  TopicFeed(Transport transport, String topic, Duration heartbeat, Runnable onEmpty) {
    this.transport = transport;
    this.heartbeat = heartbeat;
    this.topic = topic;
    this.onEmpty = onEmpty;
    this.reader = Thread.ofVirtual().name("herald-gateway-feed-" + topic).unstarted(this::read);
  }

  String topic() {
    return topic;
  }

  /** Adds a follower with room for {@code buffer} events; starts reading with the first one. */
  synchronized FeedFollower follow(int buffer, Runnable onDropped) {
    FeedFollower follower = new FeedFollower(this, buffer, onDropped);
    followers.add(follower);
    if (reader.getState() == Thread.State.NEW) {
      reader.start();
    }
    return follower;
  }

  /** Removes {@code follower}; the last one to leave stops the feed. */
  synchronized void leave(FeedFollower follower) {
    if (followers.remove(follower) && followers.isEmpty()) {
      stop();
      onEmpty.run();
    }
  }

  synchronized boolean isStopped() {
    return stopped;
  }

  void stop() {
    stopped = true;
    reader.interrupt();
  }

  private void read() {
    while (!stopped) {
      // start where the topic ends now, so that the first cursor names every partition
      Cursor cursor = Cursor.of(transport.endOffsets(topic).orElseGet(java.util.Map::of));
      try (Subscription subscription =
          transport.subscribe(
              topic,
              "herald-gateway-live-" + UUID.randomUUID(),
              StartPosition.latest(),
              RebalanceListener.none())) {
        long lastHanded = System.nanoTime();
        while (!stopped) {
          List<Delivery> deliveries = subscription.poll(POLL);
          for (Delivery delivery : deliveries) {
            cursor = cursor.after(delivery.partition(), delivery.offset());
            StreamEvent event = StreamEvent.of(delivery, cursor);
            for (FeedFollower follower : followers) {
              follower.offer(event);
            }
          }
          if (!deliveries.isEmpty()) {
            lastHanded = System.nanoTime();
          } else if (System.nanoTime() - lastHanded >= heartbeat.toNanos()) {
            followers.forEach(FeedFollower::heartbeat);
            lastHanded = System.nanoTime();
          }
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        if (stopped) {
          return;
        }
        log.warn("reading the live feed of {} failed; starting again", topic, e);
        try {
          Thread.sleep(AFTER_FAILURE);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }
}
