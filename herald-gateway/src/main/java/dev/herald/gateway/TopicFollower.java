package dev.herald.gateway;

import dev.herald.core.Delivery;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one topic from its oldest event on, for as long as it runs, through a throwaway consumer
 * group of its own that commits nothing, and hands every event to a sink in offset order per
 * partition. If the transport fails, it joins again after a pause and goes on where it was, so the
 * sink sees each event once. Runs on one thread; {@link #wakeup()} is safe from any other.
 */
final class TopicFollower implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(TopicFollower.class);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration PAUSE_AFTER_FAILURE = Duration.ofSeconds(1);

  private final Transport transport;
  private final String topic;
  private final Consumer<Delivery> sink;
  private final CountDownLatch closed;
  private final Map<Integer, Long> next = new HashMap<>();
  private volatile Optional<Subscription> current = Optional.empty();

  /**
   * @param closed counted down when the follower must stop
   */
  TopicFollower(Transport transport, String topic, Consumer<Delivery> sink, CountDownLatch closed) {
    this.transport = transport;
    this.topic = topic;
    this.sink = sink;
    this.closed = closed;
  }

  @Override
  public void run() {
    try {
      while (!isClosed()) {
        try {
          follow();
        } catch (RuntimeException e) {
          if (isClosed()) {
            return;
          }
          log.warn("event index: reading topic {} failed; trying again", topic, e);
          closed.await(PAUSE_AFTER_FAILURE.toMillis(), TimeUnit.MILLISECONDS);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void follow() throws InterruptedException {
    String group = "herald-gateway-index-" + UUID.randomUUID();
    try (Subscription subscription =
        transport.subscribe(topic, group, StartPosition.earliest(), RebalanceListener.none())) {
      current = Optional.of(subscription);
      while (!isClosed()) {
        for (Delivery delivery : subscription.poll(POLL)) {
          long expected = next.getOrDefault(delivery.partition(), 0L);
          if (delivery.offset() < expected) {
            // Read before a failure made it join again.
            subscription.seek(delivery.partition(), expected);
            continue;
          }
          next.put(delivery.partition(), delivery.offset() + 1);
          sink.accept(delivery);
        }
      }
    } finally {
      current = Optional.empty();
    }
  }

  /** Makes a blocked poll return at once, so that the thread sees it must stop. */
  void wakeup() {
    current.ifPresent(Subscription::wakeup);
  }

  private boolean isClosed() {
    return closed.getCount() == 0;
  }
}
