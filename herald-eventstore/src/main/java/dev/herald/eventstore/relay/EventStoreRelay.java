package dev.herald.eventstore.relay;

import dev.herald.core.Envelope;
import dev.herald.core.EventTypes;
import dev.herald.core.HeraldException;
import dev.herald.core.RegisteredType;
import dev.herald.core.spi.Transport;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.EventSubscription;
import dev.herald.eventstore.RecordedEvent;
import dev.herald.eventstore.StreamFilter;
import dev.herald.eventstore.SubscriptionListener;
import dev.herald.eventstore.spi.Restarts;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries the events appended to an {@link EventStore} to the bus's topics, so that a command makes
 * one write (the append) and every other service still hears of it. The relay follows the store
 * from a durable checkpoint ({@code relay.<name>}) and appends each event to the topic {@link
 * Builder#topic} picks, with the event's own id, keyed by its record's key (metadata {@code
 * partitionkey}, as {@link dev.herald.eventstore.AggregateRepository} records it) or else by its
 * stream: at least once, in store order per key, and a restart resumes at the checkpoint. An event
 * relayed twice after a crash has the same id both times, so idempotent handlers run once.
 *
 * <p>Snapshots ({@link EventStore#SNAPSHOT_TYPE}) are not relayed. If the transport refuses an
 * event, the relay stops following, logs why, and starts again from its checkpoint after a backoff
 * (doubling up to 30 s); nothing is skipped.
 *
 * <p>Relays of one name, such as those of several instances of one service in several processes,
 * take turns: one relays, chosen through consumer group {@code herald.relay.<name>} on the
 * transport, and the others stand by. When the one relaying closes, it checkpoints what it relayed
 * and another resumes there at once; when its process dies, another resumes at its checkpoint once
 * the transport notices (on Kafka, after the consumer session timeout), relaying again the events
 * after that checkpoint.
 */
public final class EventStoreRelay implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(EventStoreRelay.class);
  private static final int MAX_IN_FLIGHT = 2_000;
  private static final long CHECKPOINT_MILLIS = 200;
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  private final EventStore store;
  private final Transport transport;
  private final String checkpoint;
  private final StreamFilter filter;
  private final Function<RecordedEvent, String> topic;
  private final String source;
  private final Restarts restarts;
  private volatile long relayed;
  private volatile boolean live;
  private volatile boolean closed;
  private boolean leading; // guarded by this
  private EventSubscription subscription; // guarded by this
  private RelayLease lease; // guarded by this

  private EventStoreRelay(Builder builder) {
    this.store = builder.store;
    this.transport = builder.transport;
    this.checkpoint = "relay." + builder.name;
    this.filter = builder.filter;
    this.topic = builder.topic;
    this.source = builder.source;
    this.restarts = new Restarts("herald-relay-" + builder.name, builder.backoff, MAX_BACKOFF);
  }

  /** A relay from {@code store} to topics on {@code transport}; {@link Builder#start} starts it. */
  public static Builder builder(EventStore store, Transport transport) {
    return new Builder(store, transport);
  }

  /**
   * The store position up to which every selected event is on the bus (and checkpointed soon), as
   * far as this relay knows: where it started, or up to where it relayed.
   */
  public long relayedPosition() {
    return relayed;
  }

  /**
   * Whether this relay is the one of its name that relays, has carried every stored event it has
   * seen and now follows live.
   */
  public boolean isLive() {
    return live;
  }

  /** This relay's turn to relay has come: follows the store from the checkpoint. */
  private void lead() {
    synchronized (this) {
      leading = true;
    }
    try {
      follow();
    } catch (RuntimeException e) {
      restartLater(e);
    }
  }

  /** Another relay's turn: stops following, once what was relayed is checkpointed. */
  private void standBy() {
    EventSubscription running;
    synchronized (this) {
      leading = false;
      live = false;
      running = subscription;
      subscription = null;
    }
    if (running != null) {
      running.close();
      live = false; // the listener may have caught up while it was closing
    }
  }

  private synchronized void follow() {
    if (closed || !leading) {
      return;
    }
    long from = store.checkpoints().load(checkpoint).orElse(0L);
    relayed = from;
    subscription = store.subscribe(filter, from, new Forwarder());
  }

  private synchronized void restartLater(Throwable error) {
    live = false;
    if (closed || !leading) {
      return;
    }
    log.warn(
        "relay {} stopped at position {}: {}; starting again from its checkpoint in {} ms",
        checkpoint,
        relayed,
        error.toString(),
        restarts.nextWait().toMillis());
    restarts.later(this::follow, this::restartLater);
  }

  /**
   * Stops relaying (what was relayed is checkpointed) and hands the turn to another relay of the
   * same name, if one runs. Idempotent.
   */
  @Override
  public void close() {
    RelayLease joined;
    synchronized (this) {
      closed = true;
      joined = lease;
    }
    if (joined != null) {
      joined.close();
    }
    standBy();
    restarts.close();
  }

  /** One subscription's run: appends asynchronously, checkpoints what the transport holds. */
  private final class Forwarder implements SubscriptionListener {
    private record InFlight(long nextPosition, CompletableFuture<?> stored) {}

    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private long saved = relayed;
    private long savedAt = System.nanoTime();

    @Override
    public void event(RecordedEvent event) throws Exception {
      if (event.type().equals(EventStore.SNAPSHOT_TYPE)) {
        return;
      }
      Envelope envelope = RelayedEnvelopes.of(event, source);
      inFlight.add(
          new InFlight(
              event.position() + 1, transport.append(topic.apply(event), List.of(envelope))));
      // live, events come one at a time and none may wait for a next one to be settled
      settle(live || inFlight.size() >= MAX_IN_FLIGHT, false);
    }

    @Override
    public void caughtUp() {
      try {
        settle(true, true);
        live = true;
        restarts.reset();
      } catch (Exception e) {
        throw new HeraldException("relay " + checkpoint + " could not store an event: " + e, e);
      }
    }

    @Override
    public void fellBehind() {
      live = false;
    }

    @Override
    public void stopped(Throwable error) {
      if (error == null) {
        try {
          settle(true, true);
        } catch (Exception e) {
          log.warn("relay {} closed with events not stored: {}", checkpoint, e.toString());
        }
        return;
      }
      restartLater(error);
    }

    /**
     * Takes the stored events off the queue, waiting for all if {@code all}, and checkpoints if
     * {@code save} or the last checkpoint is old.
     */
    private void settle(boolean all, boolean save) throws Exception {
      while (!inFlight.isEmpty() && (all || inFlight.peek().stored().isDone())) {
        InFlight head = inFlight.poll();
        head.stored().get(30, TimeUnit.SECONDS);
        relayed = head.nextPosition();
      }
      long now = System.nanoTime();
      if (relayed > saved
          && (save || now - savedAt > TimeUnit.MILLISECONDS.toNanos(CHECKPOINT_MILLIS))) {
        store.checkpoints().save(checkpoint, relayed);
        saved = relayed;
        savedAt = now;
      }
    }
  }

  /** Settings of a relay. */
  public static final class Builder {
    private final EventStore store;
    private final Transport transport;
    private String name = "bus";
    private StreamFilter filter = StreamFilter.all();
    private Function<RecordedEvent, String> topic = e -> EventTypes.defaultTopic(e.type());
    private String source = "herald.eventstore";
    private Duration backoff = Duration.ofSeconds(1);

    private Builder(EventStore store, Transport transport) {
      this.store = Objects.requireNonNull(store, "store");
      this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * Names the relay: its checkpoint ({@code relay.<name>}) and the group its instances take turns
     * in ({@code herald.relay.<name>}); default {@code bus}.
     *
     * @throws HeraldException unless it is letters, digits, '.', '_' or '-'
     */
    public Builder name(String name) {
      if (name == null || !name.matches("[A-Za-z0-9._-]{1,100}")) {
        throw new HeraldException(
            "a relay's name is 1 to 100 letters, digits, '.', '_' or '-', such as bus; was '"
                + name
                + "'");
      }
      this.name = name;
      return this;
    }

    /** Which streams to relay; default all. */
    public Builder filter(StreamFilter filter) {
      this.filter = Objects.requireNonNull(filter, "filter");
      return this;
    }

    /**
     * The topic of each event; default the topic a bus would publish its type to ({@code
     * shop.order} for {@code shop.order.placed}), so that the bus's handlers of that type hear it.
     */
    public Builder topic(Function<RecordedEvent, String> topic) {
      this.topic = Objects.requireNonNull(topic, "topic");
      return this;
    }

    /**
     * Takes each event's topic from its registration in {@code types} (so an {@code @EventType}
     * with its own topic is honoured), else the default.
     */
    public Builder topics(EventTypes types) {
      Objects.requireNonNull(types, "types");
      return topic(
          e ->
              types
                  .named(e.type())
                  .map(RegisteredType::topic)
                  .orElseGet(() -> EventTypes.defaultTopic(e.type())));
    }

    /** The envelopes' CloudEvents source; default {@code herald.eventstore}. */
    public Builder source(String source) {
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /** The first wait before following again after the transport refused an event; default 1 s. */
    public Builder backoff(Duration backoff) {
      if (backoff == null || backoff.isNegative() || backoff.isZero()) {
        throw new HeraldException("a relay's backoff must be positive, was " + backoff);
      }
      this.backoff = backoff;
      return this;
    }

    /**
     * Starts the relay: it joins the relays of its name and, once it is its turn (at once if it is
     * the only one), relays from its checkpoint (the store's start the first time).
     *
     * @throws HeraldException if the transport refuses to let it join ({@code herald.relay.<name>}
     *     must be a valid consumer group name)
     */
    public EventStoreRelay start() {
      EventStoreRelay relay = new EventStoreRelay(this);
      RelayLease lease =
          RelayLease.join(
              transport,
              name,
              new RelayLease.Holder() {
                @Override
                public void acquired() {
                  relay.lead();
                }

                @Override
                public void released() {
                  relay.standBy();
                }
              });
      synchronized (relay) {
        relay.lease = lease;
      }
      return relay;
    }
  }
}
