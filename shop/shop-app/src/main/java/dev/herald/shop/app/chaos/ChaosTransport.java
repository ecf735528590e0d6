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
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A transport that makes the trouble real delivery makes, on the shop's topics ({@code shop.*})
 * only: the consumer groups' dead-letter and dedup topics pass through untouched. Each fault only
 * ever delivers an event again, never loses one, which is what at-least-once delivery allows:
 *
 * <ul>
 *   <li>duplicates: an appended event is appended a second time, with the same id, after the first;
 *   <li>redeliveries: after a poll, the subscription seeks a partition back to the first offset the
 *       poll returned, so the next poll returns those events again;
 *   <li>crashes: a commit is dropped and every partition it named is sought back to its last
 *       commit, so events whose effects already happened are handled again.
 * </ul>
 *
 * The bus settles offsets monotonically, so reading a partition again never moves its commits back.
 * Closing it closes the transport underneath. Thread-safe.
 */
public final class ChaosTransport extends ForwardingTransport {
  private static final String SHOP_TOPICS = "shop.";

  private final Chaos chaos;
  private final SplittableRandom seeds;
  private final AtomicLong duplicates = new AtomicLong();
  private final AtomicLong redeliveries = new AtomicLong();
  private final AtomicLong crashes = new AtomicLong();
  private final Map<String, String> undecodable = new ConcurrentHashMap<>();

  /** Injects {@code chaos} into what goes through {@code delegate}. */
  public ChaosTransport(Transport delegate, Chaos chaos) {
    super(delegate);
    this.chaos = chaos;
    this.seeds = new SplittableRandom(chaos.seed());
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
    SplittableRandom random = split();
    for (Envelope envelope : envelopes) {
      if (random.nextDouble() < chaos.duplicateRate()) {
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
    return new ChaosSubscription(subscription, chaos, split(), redeliveries, crashes);
  }

  private synchronized SplittableRandom split() {
    return seeds.split();
  }
}
