package dev.herald.gateway;

import dev.herald.core.Delivery;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live events of one topic, read once and handed to every client that follows it from now on:
 * one subscription (a throwaway group, committing nothing) on one thread, however many clients. It
 * starts with its first follower and stops when the last one leaves.
 *
 * <p>Where it starts is fixed when the first follower joins, from the topic's end offsets, before
 * that follower's stream answers: an event published after a client was answered reaches it, even
 * if the reading thread subscribes later. After a failure it reads on from what it handed out. Only
 * a transport that cannot tell its end offsets starts at "latest" when the thread subscribes.
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
  private volatile Optional<Map<Integer, Long>> startAt = Optional.empty();
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
      startAt = transport.endOffsets(topic);
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
    Optional<Map<Integer, Long>> from = startAt;
    // the first cursor names every partition the topic had
    Cursor cursor = Cursor.of(from.orElseGet(Map::of));
    while (!stopped) {
      Map<Integer, Long> next = new HashMap<>(from.orElseGet(Map::of));
      Set<Integer> sought = new HashSet<>();
      try (Subscription subscription =
          transport.subscribe(
              topic,
              "herald-gateway-live-" + UUID.randomUUID(),
              from.isPresent() ? StartPosition.earliest() : StartPosition.latest(),
              RebalanceListener.none())) {
        long lastHanded = System.nanoTime();
        while (!stopped) {
          List<Delivery> deliveries = subscription.poll(POLL);
          boolean handed = false;
          for (Delivery delivery : deliveries) {
            int partition = delivery.partition();
            long wanted = next.getOrDefault(partition, 0L);
            if (delivery.offset() < wanted) {
              if (sought.add(partition)) {
                subscription.seek(partition, wanted); // skip what came before the feed started
              }
              continue;
            }
            next.put(partition, delivery.offset() + 1);
            cursor = cursor.after(partition, delivery.offset());
            StreamEvent event = StreamEvent.of(delivery, cursor);
            for (FeedFollower follower : followers) {
              follower.offer(event);
            }
            handed = true;
          }
          if (handed) {
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
        from = Optional.of(Map.copyOf(next)); // go on after what was handed out
        try {
          Thread.sleep(AFTER_FAILURE);
        } catch (InterruptedException interrupted) {
          return;
        }
      }
    }
  }
}
