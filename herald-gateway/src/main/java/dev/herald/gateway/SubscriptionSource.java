package dev.herald.gateway;

import dev.herald.core.Delivery;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A stream client's own subscription: as a member of a consumer group (its partitions shared with
 * the group's other members, resuming after the group's last commit, committing what the client
 * has), or alone from a cursor or the earliest event (a throwaway group that commits nothing).
 * Polled by the client's writer thread, which also commits; {@link #delivered} and {@link #close}
 * may come from other threads.
 */
final class SubscriptionSource implements StreamSource {
  private final String topic;
  private final boolean commits;
  private final Optional<Cursor> from;
  private final Subscription subscription;
  private final Map<Integer, Long> toCommit = new ConcurrentHashMap<>();
  private final Map<Integer, Long> positions = new HashMap<>();
  private Cursor cursor;
  private volatile boolean closed;

  private SubscriptionSource(
      Transport transport,
      String topic,
      String group,
      boolean commits,
      StartPosition start,
      Optional<Cursor> from) {
    this.topic = topic;
    this.commits = commits;
    this.from = from;
    this.cursor = from.orElseGet(() -> Cursor.of(Map.of()));
    this.subscription = transport.subscribe(topic, group, start, new Rebalance());
  }

  /**
   * A member of consumer group {@code group}; partitions it never committed start at {@code start}.
   */
  static SubscriptionSource inGroup(
      Transport transport, String topic, String group, StartPosition start) {
    return new SubscriptionSource(transport, topic, group, true, start, Optional.empty());
  }

  /** A reader of every partition from {@code from} (or the earliest event), committing nothing. */
  static SubscriptionSource alone(Transport transport, String topic, Optional<Cursor> from) {
    String group = "herald-gateway-reader-" + UUID.randomUUID();
    return new SubscriptionSource(transport, topic, group, false, StartPosition.earliest(), from);
  }

  @Override
  public List<StreamEvent> next(Duration timeout) throws InterruptedException {
    commitDelivered();
    List<StreamEvent> events = new ArrayList<>();
    if (closed) {
      return events;
    }
    for (Delivery delivery : subscription.poll(timeout)) {
      int partition = delivery.partition();
      long start = from.map(c -> c.start(partition)).orElse(0L);
      if (delivery.offset() < start && !positions.containsKey(partition)) {
        subscription.seek(partition, start); // resuming from a cursor: skip what the client has
        positions.put(partition, start);
        continue;
      }
      if (delivery.offset() < positions.getOrDefault(partition, 0L)) {
        continue;
      }
      positions.put(partition, delivery.offset() + 1);
      cursor = cursor.after(partition, delivery.offset());
      events.add(StreamEvent.of(delivery, cursor));
    }
    return events;
  }

  @Override
  public void acknowledged(Cursor cursor) {
    if (commits) {
      cursor.next().forEach((partition, next) -> toCommit.merge(partition, next, Math::max));
    }
  }

  private void commitDelivered() {
    if (toCommit.isEmpty()) {
      return;
    }
    Map<Integer, Long> batch = new HashMap<>();
    toCommit.forEach(
        (partition, next) -> {
          batch.put(partition, next);
          toCommit.remove(partition, next);
        });
    subscription.commit(batch);
  }

  @Override
  public void stop() {
    closed = true;
    subscription.wakeup();
  }

  @Override
  public boolean stopped() {
    return closed;
  }

  @Override
  public void close() {
    try {
      commitDelivered();
    } finally {
      subscription.close();
    }
  }

  String topic() {
    return topic;
  }

  private final class Rebalance implements RebalanceListener {
    @Override
    public void onAssigned(Set<Integer> partitions) {}

    @Override
    public void onRevoked(Set<Integer> partitions) {
      partitions.forEach(positions::remove);
    }
  }
}
