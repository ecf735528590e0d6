package dev.herald.saga;

import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import dev.herald.core.Position;
import dev.herald.core.spi.ForwardingTransport;
import dev.herald.core.spi.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A saga runner's view of a transport that records what it stored per topic, and can refuse appends
 * to a topic (while "down", or the next one) or store one and then report a failure (an
 * acknowledgement lost). Closing it leaves the transport open: the test owns it. Thread-safe.
 */
final class FlakyTransport extends ForwardingTransport {
  private final Map<String, List<Envelope>> stored;
  private final Set<String> down = ConcurrentHashMap.newKeySet();
  private final Map<String, AtomicInteger> refuseNext = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> loseAckNext = new ConcurrentHashMap<>();
  private final AtomicInteger refused = new AtomicInteger();

  FlakyTransport(Transport delegate) {
    this(delegate, new ConcurrentHashMap<>());
  }

  private FlakyTransport(Transport delegate, Map<String, List<Envelope>> stored) {
    super(delegate);
    this.stored = stored;
  }

  /**
   * A view of {@code reopened} that goes on recording into this one's record, as after a restart.
   */
  FlakyTransport over(Transport reopened) {
    return new FlakyTransport(reopened, stored);
  }

  void down(String topic) {
    down.add(topic);
  }

  void refuseNext(String topic) {
    refuseNext.computeIfAbsent(topic, t -> new AtomicInteger()).incrementAndGet();
  }

  void loseAckNext(String topic) {
    loseAckNext.computeIfAbsent(topic, t -> new AtomicInteger()).incrementAndGet();
  }

  int refused() {
    return refused.get();
  }

  /** What was stored on {@code topic} through this view (and earlier ones), in order. */
  List<Envelope> stored(String topic) {
    synchronized (stored) {
      return List.copyOf(stored.getOrDefault(topic, List.of()));
    }
  }

  /** The stored envelopes of {@code topic} of type {@code type}. */
  List<Envelope> stored(String topic, String type) {
    return stored(topic).stream().filter(e -> e.type().equals(type)).toList();
  }

  @Override
  public CompletableFuture<List<Position>> append(String topic, List<Envelope> envelopes) {
    if (down.contains(topic) || take(refuseNext, topic)) {
      refused.incrementAndGet();
      return CompletableFuture.failedFuture(new HeraldException("topic " + topic + " down (test)"));
    }
    boolean loseAck = take(loseAckNext, topic);
    return super.append(topic, envelopes)
        .thenApply(
            positions -> {
              synchronized (stored) {
                stored.computeIfAbsent(topic, t -> new ArrayList<>()).addAll(envelopes);
              }
              if (loseAck) {
                throw new CompletionException(new HeraldException("acknowledgement lost (test)"));
              }
              return positions;
            });
  }

  private static boolean take(Map<String, AtomicInteger> counts, String topic) {
    AtomicInteger count = counts.get(topic);
    return count != null && count.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }

  @Override
  public void close() {}
}
