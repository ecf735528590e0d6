package dev.herald.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.spi.CommittedOffsets;
import dev.herald.core.spi.Features;
import dev.herald.core.spi.Partitioner;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A memory transport seen from the outside: it reports every dead-letter append (stored or failed)
 * and every commit, in one ordered journal, can be told to fail dead-letter appends, and can hide
 * {@link Transport#endOffsets} so that readers fall back to fences.
 */
final class ObservedTransport implements Transport {
  static final Duration WAIT = Duration.ofSeconds(10);

  private final Transport delegate = Transports.memory();
  private final boolean knowsEnds;
  volatile boolean failDeadLetters;
  volatile boolean failProcessed;

  /** Dead letters stored, in order. */
  final BlockingQueue<Envelope> deadLettered = new LinkedBlockingQueue<>();

  /** Dead letters whose append was refused. */
  final BlockingQueue<Envelope> refused = new LinkedBlockingQueue<>();

  /**
   * "dlq <event id>", "processed <event id>" and "commit <topic>/<partition> <offset>" lines, in
   * the order they happened.
   */
  final List<String> journal = new CopyOnWriteArrayList<>();

  ObservedTransport(boolean knowsEnds) {
    this.knowsEnds = knowsEnds;
  }

  ObservedTransport() {
    this(true);
  }

  @Override
  public Features features() {
    return delegate.features();
  }

  @Override
  public CompletableFuture<List<Position>> append(String topic, List<Envelope> envelopes) {
    boolean deadLetters = topic.endsWith(".dlq");
    if (deadLetters && failDeadLetters) {
      refused.addAll(envelopes);
      return CompletableFuture.failedFuture(new HeraldException("dead-letter topic unavailable"));
    }
    if (topic.endsWith(".processed")) {
      if (failProcessed) {
        return CompletableFuture.failedFuture(new HeraldException("processed topic unavailable"));
      }
      List<Position> stored = delegate.append(topic, envelopes).join();
      envelopes.forEach(e -> e.subject().ifPresent(id -> journal.add("processed " + id)));
      return CompletableFuture.completedFuture(stored);
    }
    CompletableFuture<List<Position>> stored = delegate.append(topic, envelopes);
    if (deadLetters) {
      stored.join();
      for (Envelope envelope : envelopes) {
        if (!envelope.type().equals(DeadLetterWire.FENCE)) {
          journal.add("dlq " + envelope.id());
          deadLettered.add(envelope);
        }
      }
    }
    return stored;
  }

  @Override
  public int partitions(String topic) {
    return delegate.partitions(topic);
  }

  @Override
  public Optional<Map<Integer, Long>> endOffsets(String topic) {
    return knowsEnds ? delegate.endOffsets(topic) : Optional.empty();
  }

  @Override
  public Optional<Set<String>> topics() {
    return delegate.topics();
  }

  @Override
  public Optional<List<CommittedOffsets>> committedOffsets() {
    return delegate.committedOffsets();
  }

  @Override
  public Subscription subscribe(
      String topic, String group, StartPosition start, RebalanceListener listener) {
    Subscription inner = delegate.subscribe(topic, group, start, listener);
    return new Subscription() {
      @Override
      public List<Delivery> poll(Duration timeout) throws InterruptedException {
        return inner.poll(timeout);
      }

      @Override
      public void commit(Map<Integer, Long> nextOffsets) {
        nextOffsets.forEach((p, o) -> journal.add("commit " + topic + "/" + p + " " + o));
        inner.commit(nextOffsets);
      }

      @Override
      public void seek(int partition, long offset) {
        inner.seek(partition, offset);
      }

      @Override
      public void pause(Collection<Integer> partitions) {
        inner.pause(partitions);
      }

      @Override
      public void resume(Collection<Integer> partitions) {
        inner.resume(partitions);
      }

      @Override
      public Set<Integer> assignment() {
        return inner.assignment();
      }

      @Override
      public void wakeup() {
        inner.wakeup();
      }

      @Override
      public void close() {
        inner.close();
      }
    };
  }

  @Override
  public void close() {
    delegate.close();
  }

  /** The next dead letter stored, waiting up to {@link #WAIT}. */
  Envelope nextDeadLetter() throws InterruptedException {
    return take(deadLettered, "a dead letter");
  }

  /** A key whose events land on {@code partition} of {@code topic}, other than those given. */
  String keyOn(String topic, int partition, String... not) {
    int count = partitions(topic);
    for (int i = 0; ; i++) {
      String key = "key-" + i;
      if (Partitioner.partition(key, count) == partition && !List.of(not).contains(key)) {
        return key;
      }
    }
  }

  /** The envelope stored at {@code at}. */
  Envelope stored(Position at) {
    return TopicReader.readAll(delegate, at.topic(), java.time.Clock.systemUTC()).stream()
        .filter(d -> d.partition() == at.partition() && d.offset() == at.offset())
        .findFirst()
        .orElseThrow()
        .envelope();
  }

  static <T> T take(BlockingQueue<T> queue, String what) throws InterruptedException {
    T value = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    assertThat(value).as("%s within %s", what, WAIT).isNotNull();
    return value;
  }
}
