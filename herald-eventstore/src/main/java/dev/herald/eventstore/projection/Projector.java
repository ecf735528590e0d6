package dev.herald.eventstore.projection;

import dev.herald.core.HeraldException;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.EventSubscription;
import dev.herald.eventstore.RecordedEvent;
import dev.herald.eventstore.SubscriptionListener;
import dev.herald.eventstore.spi.Restarts;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link Projection}: feeds its serving generation from the store, live, with a durable
 * checkpoint per generation; {@link #rebuild} fills the next generation from the start of the store
 * while the serving one keeps serving, and swaps it in once it has caught up.
 *
 * <p>Checkpoints (in the store's {@link EventStore#checkpoints()}): {@code
 * projection.<name>.generation} is the serving generation, {@code projection.<name>.g<N>} where
 * generation N resumes. The swap is the save of the first; a crash before it leaves the old
 * generation serving and the next rebuild starts afresh.
 *
 * <p>If {@link Projection#apply} throws on the serving generation, the projector logs it and tries
 * again from the checkpoint after a backoff (doubling up to 30 s), so a fixed bug or a database
 * back up resumes it; {@link #failure()} tells the last error meanwhile.
 *
 * @param <V> the projection's view type
 */
public final class Projector<V> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Projector.class);
  private static final long CHECKPOINT_MILLIS = 200;
  private static final int CHECKPOINT_EVENTS = 1_000;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final EventStore store;
  private final Projection<V> projection;
  private final Restarts restarts;
  private volatile Feed serving;
  private volatile Feed rebuilding;
  private volatile Throwable failure;
  private volatile boolean closed;

  private Projector(EventStore store, Projection<V> projection) {
    this.store = store;
    this.projection = projection;
    this.restarts =
        new Restarts("herald-projector-" + projection.name(), FIRST_BACKOFF, MAX_BACKOFF);
  }

  /**
   * Starts feeding {@code projection}'s serving generation (1 the first time) from its checkpoint.
   *
   * @throws HeraldException if its view cannot be opened
   */
  public static <V> Projector<V> start(EventStore store, Projection<V> projection) {
    if (projection.name() == null || projection.name().isBlank()) {
      throw new HeraldException("a projection needs a name");
    }
    Projector<V> projector = new Projector<>(store, projection);
    int generation = (int) store.checkpoints().load(projector.generationKey()).orElse(1L);
    projector.serving = projector.open(generation, false);
    projector.serving.follow();
    return projector;
  }

  /** The serving generation's view: what queries should read now. */
  public V view() {
    return serving.view;
  }

  /** The serving generation. */
  public int generation() {
    return serving.generation;
  }

  /** Whether the serving generation has caught up with the store and follows it live. */
  public boolean isLive() {
    return serving.live;
  }

  /** The position after the last event the serving generation has applied. */
  public long position() {
    return serving.next;
  }

  /** The last error that stopped the serving generation, if it has not run cleanly since. */
  public Throwable failure() {
    return failure;
  }

  /**
   * Builds the next generation from the start of the store, beside the serving one, and swaps it in
   * once it has caught up; the old generation is then dropped.
   *
   * @return completes with the new generation once it serves, or exceptionally if building failed
   *     (the old generation still serves)
   * @throws HeraldException if a rebuild is already running
   */
  public synchronized CompletableFuture<Integer> rebuild() {
    if (rebuilding != null) {
      throw new HeraldException(
          "projection "
              + projection.name()
              + " is already rebuilding generation "
              + rebuilding.generation
              + "; wait for it");
    }
    int next = serving.generation + 1;
    try {
      if (store.checkpoints().load(positionKey(next)).isPresent()) {
        projection.drop(projection.open(next), next); // what an interrupted rebuild left
      }
    } catch (Exception e) {
      throw new HeraldException(
          "could not clear generation " + next + " of projection " + projection.name() + ": " + e,
          e);
    }
    store.checkpoints().save(positionKey(next), 0);
    rebuilding = open(next, true);
    rebuilding.follow();
    return rebuilding.swapped;
  }

  private Feed open(int generation, boolean rebuild) {
    try {
      return new Feed(generation, projection.open(generation), rebuild);
    } catch (Exception e) {
      throw new HeraldException(
          "could not open generation "
              + generation
              + " of projection "
              + projection.name()
              + ": "
              + e,
          e);
    }
  }

  private String generationKey() {
    return "projection." + projection.name() + ".generation";
  }

  private String positionKey(int generation) {
    return "projection." + projection.name() + ".g" + generation;
  }

  /** Called on the new generation's thread once it has caught up. */
  private void swap(Feed next) throws Exception {
    Feed old;
    synchronized (this) {
      next.checkpoint(true);
      store.checkpoints().save(generationKey(), next.generation);
      old = serving;
      serving = next;
      rebuilding = null;
      next.rebuild = false;
    }
    old.stop();
    projection.drop(old.view, old.generation);
    log.info("projection {} now serves generation {}", projection.name(), next.generation);
    next.swapped.complete(next.generation);
  }

  private synchronized void restartLater(Feed feed, Throwable error) {
    if (closed || feed != serving) {
      return;
    }
    failure = error;
    log.warn(
        "projection {} generation {} stopped at position {}: {}; again from its checkpoint in {} ms",
        projection.name(),
        feed.generation,
        feed.next,
        error.toString(),
        restarts.nextWait().toMillis());
    restarts.later(feed::follow, e -> restartLater(feed, e));
  }

  /** Stops feeding every generation; what was applied is checkpointed. */
  @Override
  public void close() {
    Feed s;
    Feed r;
    synchronized (this) {
      closed = true;
      s = serving;
      r = rebuilding;
    }
    if (r != null) {
      r.stop();
      r.swapped.completeExceptionally(new HeraldException("the projector was closed"));
    }
    s.stop();
    restarts.close();
  }

  /** One generation's subscription and checkpointing. */
  private final class Feed implements SubscriptionListener {
    final int generation;
    final V view;
    final CompletableFuture<Integer> swapped = new CompletableFuture<>();
    volatile boolean rebuild;
    volatile boolean live;
    volatile long next;
    private volatile EventSubscription subscription;
    private long saved;
    private long savedAt = System.nanoTime();
    private int sinceSave;

    Feed(int generation, V view, boolean rebuild) {
      this.generation = generation;
      this.view = view;
      this.rebuild = rebuild;
    }

    synchronized void follow() {
      if (closed) {
        return;
      }
      next = store.checkpoints().load(positionKey(generation)).orElse(0L);
      saved = next;
      subscription = store.subscribe(projection.filter(), next, this);
    }

    void stop() {
      EventSubscription running = subscription;
      if (running != null) {
        running.close();
      }
    }

    @Override
    public void event(RecordedEvent event) throws Exception {
      projection.apply(view, event);
      next = event.position() + 1;
      sinceSave++;
      if (sinceSave >= CHECKPOINT_EVENTS
          || System.nanoTime() - savedAt > TimeUnit.MILLISECONDS.toNanos(CHECKPOINT_MILLIS)) {
        checkpoint(false);
      }
    }

    void checkpoint(boolean always) throws Exception {
      if (next == saved && !always) {
        return;
      }
      projection.flush(view);
      store.checkpoints().save(positionKey(generation), next);
      saved = next;
      savedAt = System.nanoTime();
      sinceSave = 0;
    }

    @Override
    public void caughtUp() {
      try {
        checkpoint(false);
        if (rebuild) {
          swap(this);
        } else {
          failure = null;
          restarts.reset();
        }
        live = true;
      } catch (Exception e) {
        throw new HeraldException(
            "projection " + projection.name() + " generation " + generation + ": " + e, e);
      }
    }

    @Override
    public void fellBehind() {
      live = false;
    }

    @Override
    public void stopped(Throwable error) {
      live = false;
      if (error == null) {
        try {
          checkpoint(false);
        } catch (Exception e) {
          log.warn(
              "projection {} closed without its last checkpoint: {}",
              projection.name(),
              e.toString());
        }
      } else if (rebuild) {
        synchronized (Projector.this) {
          rebuilding = null;
        }
        swapped.completeExceptionally(error);
      } else {
        restartLater(this, error);
      }
    }
  }
}
