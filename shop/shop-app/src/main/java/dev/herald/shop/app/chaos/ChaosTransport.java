package dev.herald.shop.app.chaos;

import dev.herald.core.Envelope;
import dev.herald.core.Position;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.ForwardingTransport;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A transport that makes the trouble real delivery makes, on the shop's topics ({@code shop.*})
 * only: the consumer groups' dead-letter and dedup topics pass through untouched. Each fault only
 * ever delivers an event again, never loses one, which is what at-least-once delivery allows:
 *
 * <ul>
 *   <li>duplicates: an appended event is appended a second time, with the same id, after the first,
 *       as a producer retrying an append whose acknowledgement it lost;
 *   <li>redeliveries: after a poll, the subscription seeks one partition back to the first offset
 *       the poll returned of it, so the next poll returns those events again, as a consumer reading
 *       a partition again would, such as after a rebalance;
 *   <li>crashes: a commit is dropped (never the first of a partition) and every partition it named
 *       is sought back to its last commit, so events whose handlers' effects already happened are
 *       handled again, as after a crash between the effects and the commit.
 * </ul>
 *
 * The bus settles offsets monotonically, so reading a partition again never moves its commits back;
 * the bus's own seeks and the faults' are merged, the earliest winning, so no fault skips an event.
 * A dropped commit stays dropped until the bus commits the partition again, after its next new
 * event; a restart before that reads from the last commit, as after a real crash. Closing it closes
 * the transport underneath. Thread-safe.
 */
public final class ChaosTransport extends ForwardingTransport {
  private static final String SHOP_TOPICS = "shop.";

  private final Chaos chaos;
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong redeliveries = new AtomicLong();
  private final AtomicLong crashes = new AtomicLong();
  private final Map<String, String> undecodable = new ConcurrentHashMap<>();

  /** Injects {@code chaos} into what goes through {@code delegate}. */
  public ChaosTransport(Transport delegate, Chaos chaos) {
    super(delegate);
    this.chaos = chaos;
  }

  /** What was injected so far. */
  public ChaosCounts counts() {
    return new ChaosCounts(duplicates.get(), redeliveries.get(), crashes.get(), undecodable);
  }

  /**
   * Publishes the chaos's undecodable events, of types that {@code groups} handle (none if they
   * handle none of {@link UndecodableEvents}'s), straight to the transport underneath (so they are
   * not duplicated), and remembers them. Blocks until they are stored.
   */
  public void injectUndecodable(Collection<String> groups) {
    undecodable.putAll(
        UndecodableEvents.publish(delegate, chaos.undecodable(), chaos.seed(), groups));
  }

  @Override
  public CompletableFuture<List<Position>> append(String topic, List<Envelope> envelopes) {
    CompletableFuture<List<Position>> appended = delegate.append(topic, envelopes);
    if (!topic.startsWith(SHOP_TOPICS)) {
      return appended;
    }
    List<Envelope> again = new ArrayList<>();
    for (Envelope envelope : envelopes) {
      if (chaos.dice("duplicate " + envelope.id()).nextDouble() < chaos.duplicateRate()) {
        again.add(envelope);
      }
    }
    if (again.isEmpty()) {
      return appended;
    }
    return appended.thenCompose(
        positions ->
            delegate
                .append(topic, again)
                .thenApply(
                    duplicated -> {
                      duplicates.addAndGet(again.size());
                      return positions;
                    }));
  }

  @Override
  public Subscription subscribe(
      String topic, String group, StartPosition start, RebalanceListener listener) {
    Subscription subscription = delegate.subscribe(topic, group, start, listener);
    if (!topic.startsWith(SHOP_TOPICS)) {
      return subscription;
    }
    return new ChaosSubscription(
        subscription,
        chaos,
        chaos.dice("subscription " + topic + " " + group)::nextDouble,
        redeliveries,
        crashes);
  }
}
