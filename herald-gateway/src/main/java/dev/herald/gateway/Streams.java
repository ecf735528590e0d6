package dev.herald.gateway;

import dev.herald.core.HeraldException;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.Names;
import dev.herald.core.spi.Transport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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
  private final Transport transport;
  private final TopicFeeds feeds;
  private final Set<StreamSource> open = ConcurrentHashMap.newKeySet();
  private final Counter dropped;

  Streams(Transport transport, int clientBuffer, MeterRegistry meters) {
    this.transport = transport;
    Gauge.builder("herald.gateway.stream.clients", open, Set::size)
        .description("Open SSE and WebSocket subscriptions")
        .register(meters);
    this.dropped =
        Counter.builder("herald.gateway.stream.dropped")
            .description("Stream clients dropped for falling behind the live feed")
            .register(meters);
    this.feeds = new TopicFeeds(transport, clientBuffer, dropped::increment);
  }

  /**
   * A source of {@code topic}'s events for one client.
   *
   * @param group the consumer group the client joins, if any
   * @param from {@code latest}, {@code earliest} or a cursor (the id of the last event received)
   * @throws GatewayProblem 400 for an invalid group name or position
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
    open.add(source);
    return source;
  }

  /** The client of {@code source} is gone. */
  void ended(StreamSource source) {
    open.remove(source);
  }

  private static void checkGroup(String group) {
    try {
      Names.check("consumer group", group);
    } catch (HeraldException e) {
      throw GatewayProblem.badRequest("invalid-group", e.getMessage());
    }
  }

  @Override
  public void close() {
    open.forEach(StreamSource::stop);
    feeds.close();
  }
}
