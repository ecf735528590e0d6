package dev.herald.gateway;

import dev.herald.core.HeraldException;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.Names;
import dev.herald.core.spi.Transport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens the sources of stream clients (SSE and WebSocket alike) and keeps track of them, so that
 * closing the gateway ends every stream. A client of no group that starts from the latest event
 * follows the topic's shared live feed; a client of a group, or one that starts earlier, gets a
 * subscription of its own. Thread-safe.
 */
final class Streams implements AutoCloseable {
  /** How long {@link #close} waits for the writers of the streams to end. */
  static final Duration END_WAIT = Duration.ofSeconds(5);

  private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

  private final Transport transport;
  private final TopicFeeds feeds;
  private final Set<StreamSource> open = ConcurrentHashMap.newKeySet();
  private final Counter dropped;
  private final Object lock = new Object();
  private boolean closed; // guarded by lock

  Streams(Transport transport, int clientBuffer, Duration heartbeat, MeterRegistry meters) {
    this.transport = transport;
    Gauge.builder("herald.gateway.stream.clients", open, Set::size)
        .description("Open SSE and WebSocket subscriptions")
        .register(meters);
    this.dropped =
        Counter.builder("herald.gateway.stream.dropped")
            .description("Stream clients dropped for falling behind the live feed")
            .register(meters);
    this.feeds = new TopicFeeds(transport, clientBuffer, heartbeat, dropped::increment);
  }

  /**
   * A source of {@code topic}'s events for one client.
   *
   * @param group the consumer group the client joins, if any
   * @param from {@code latest}, {@code earliest} or a cursor (the id of the last event received)
   * @throws GatewayProblem 400 for an invalid group name or position, 503 once closing
   */
  StreamSource open(String topic, Optional<String> group, String from) {
    group.ifPresent(Streams::checkGroup);
    StreamSource source;
    if (group.isPresent()) {
      StartPosition start =
          from.equals("latest") ? StartPosition.latest() : StartPosition.earliest();
      if (!from.equals("latest") && !from.equals("earliest")) {
        Cursor.parse(from); // a group resumes after its commits; the cursor must still be valid
      }
      source = SubscriptionSource.inGroup(transport, topic, group.get(), start);
    } else if (from.equals("latest")) {
      source = feeds.follow(topic);
    } else if (from.equals("earliest")) {
      source = SubscriptionSource.alone(transport, topic, Optional.empty());
    } else {
      source = SubscriptionSource.alone(transport, topic, Optional.of(Cursor.parse(from)));
    }
    return track(source);
  }

  /**
   * Keeps track of {@code source}, made elsewhere, so that closing ends its stream too.
   *
   * @throws GatewayProblem 503 once closing (the source is then closed)
   */
  StreamSource track(StreamSource source) {
    synchronized (lock) {
      if (closed) {
        source.stop();
        source.close();
        throw GatewayProblem.unavailable(
            "the gateway is shutting down; connect to another one or try again", RETRY_AFTER);
      }
      open.add(source);
    }
    return source;
  }

  /** The writer of {@code source}'s stream has ended it and released it. */
  void ended(StreamSource source) {
    synchronized (lock) {
      open.remove(source);
      lock.notifyAll();
    }
  }

  private static void checkGroup(String group) {
    try {
      Names.check("consumer group", group);
    } catch (HeraldException e) {
      throw GatewayProblem.badRequest("invalid-group", e.getMessage());
    }
  }

  /**
   * Stops every stream and waits up to {@link #END_WAIT} for their writers to end them, so that no
   * stream outlives the server it writes to; refuses new streams from now on. Closing again does
   * nothing more.
   */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      open.forEach(StreamSource::stop);
      long deadline = System.nanoTime() + END_WAIT.toNanos();
      for (long left = END_WAIT.toMillis();
          !open.isEmpty() && left > 0;
          left = (deadline - System.nanoTime()) / 1_000_000) {
        try {
          lock.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    feeds.close();
  }
}
