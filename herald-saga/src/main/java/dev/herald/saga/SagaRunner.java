package dev.herald.saga;

import dev.herald.core.Codec;
import dev.herald.core.EventBus;
import dev.herald.core.EventTypes;
import dev.herald.core.HeraldException;
import dev.herald.core.spi.Transport;
import dev.herald.eventstore.EventStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Runs a {@link Saga}: handles its events from a bus, keeps its instances in an event store and
 * fires its deadlines.
 *
 * <pre>{@code
 * try (SagaRunner<Fulfilment> runner =
 *     SagaRunner.builder(fulfilment).transport(transport).store(store).start()) {
 *   ...
 * }
 * }</pre>
 *
 * <p>The runner has a bus of its own on the transport, in consumer group {@code saga.<name>}, so
 * runners of one saga in several processes share its events, and the service's other handlers are
 * not disturbed. Each event goes through one step: the instance is read from its stream ({@code
 * saga.<name>-<key>}), the step runs, and its new state, the events it publishes and the deadlines
 * it sets are appended in one append that expects the version read (a conflict runs the step again
 * on fresh state). Then the events are published, with ids fixed in the append, and a marker
 * records that they were: if the process dies in between, they are published on redelivery or by
 * the deadline scheduler after a restart, with the same ids, so idempotent consumers see them once.
 * An event id the instance has handled is skipped, so redelivered and duplicated events do nothing.
 *
 * <p>Deadlines are stored with the instance; the runner follows every saga stream of the store from
 * its start, so a restarted runner knows every pending deadline, and fires each once the clock
 * passes it (checked every {@link Builder#pollInterval}). Thread-safe.
 *
 * @param <S> the saga's state
 */
public final class SagaRunner<S> implements AutoCloseable {
  private final Saga<S> saga;
  private final SagaEngine<S> engine;
  private final DeadlineScheduler scheduler;
  private final EventBus bus;
  private final AtomicLong handled = new AtomicLong();

  private SagaRunner(Builder<S> b) {
    this.saga = b.saga;
    this.engine =
        new SagaEngine<>(
            saga, b.store, b.clock, b.types, b.codec, b.service, new TransportOutbox(b.transport));
    EventBus.Builder bus = EventBus.builder(b.service);
    b.configureBus.accept(bus);
    this.bus = bus.transport(b.transport).group(saga.group()).types(b.types).codec(b.codec).build();
    this.scheduler = new DeadlineScheduler(engine, b.store, b.clock, b.pollInterval);
    try {
      for (Class<?> type : saga.eventTypes()) {
        register(type);
      }
      scheduler.start();
      this.bus.start();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Starts configuring a runner of {@code saga}. */
  public static <S> Builder<S> builder(Saga<S> saga) {
    return new Builder<>(saga);
  }

  private <E> void register(Class<E> type) {
    bus.on(
        type,
        (event, context) -> {
          engine.handle(event, context.envelope());
          handled.incrementAndGet();
        });
  }

  /** The saga it runs. */
  public Saga<S> saga() {
    return saga;
  }

  /** Instance {@code key} as stored now, if it has had a step. Reads the store. */
  public Optional<SagaInstance<S>> instance(String key) {
    return engine.instance(key);
  }

  /**
   * Whether the deadline scheduler has read every saga record stored when it started (and so knows
   * every pending deadline).
   */
  public boolean isLive() {
    return scheduler.isLive();
  }

  /** How many events its handlers finished (stepped or ignored), for tests to wait on. */
  long handled() {
    return handled.get();
  }

  DeadlineScheduler scheduler() {
    return scheduler;
  }

  /**
   * Stops handling (letting steps under way finish, per the bus's shutdown timeout) and firing. The
   * transport and the store stay open: they belong to the caller.
   */
  @Override
  public void close() {
    try {
      bus.close();
    } finally {
      scheduler.close();
    }
  }

  /**
   * Settings of a {@link SagaRunner}; {@link #start()} checks them. Not thread-safe.
   *
   * @param <S> the saga's state
   */
  public static final class Builder<S> {
    private final Saga<S> saga;
    private Transport transport;
    private EventStore store;
    private Clock clock = Clock.systemUTC();
    private String service;
    private EventTypes types = new EventTypes();
    private Codec codec = Codec.json();
    private Duration pollInterval = Duration.ofSeconds(1);
    private Consumer<EventBus.Builder> configureBus = b -> {};

    private Builder(Saga<S> saga) {
      this.saga = Objects.requireNonNull(saga, "saga");
      this.service = saga.group();
    }

    /** The transport its events come from and its publishes go to; the caller closes it. */
    public Builder<S> transport(Transport transport) {
      this.transport = transport;
      return this;
    }

    /** The store of its instances; the caller closes it. */
    public Builder<S> store(EventStore store) {
      this.store = store;
      return this;
    }

    /**
     * The clock of its deadlines and of the times on what it publishes; defaults to the system
     * clock. Tests pass one they move by hand.
     */
    public Builder<S> clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * The service name: the CloudEvents {@code source} of what the saga publishes, and its bus's
     * service; defaults to {@code saga.<name>}. The consumer group stays {@code saga.<name>}.
     */
    public Builder<S> service(String service) {
      this.service = service;
      return this;
    }

    /** The event types; defaults to a registry of the annotated records. */
    public Builder<S> types(EventTypes types) {
      this.types = types;
      return this;
    }

    /** The codec of events (the state is always JSON); defaults to {@link Codec#json()}. */
    public Builder<S> codec(Codec codec) {
      this.codec = codec;
      return this;
    }

    /** How often due deadlines are looked for; defaults to 1 s, the most a deadline fires late. */
    public Builder<S> pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    /**
     * Adjusts the runner's bus (retry policy, metrics, tracing, start position…) before it is
     * built; its transport, group, types and codec are the runner's.
     */
    public Builder<S> configureBus(Consumer<EventBus.Builder> configure) {
      this.configureBus = Objects.requireNonNull(configure, "configure");
      return this;
    }

    /**
     * Starts the runner: joins the saga's consumer group and starts following its streams.
     *
     * @throws HeraldException if a setting is missing or invalid
     */
    public SagaRunner<S> start() {
      if (transport == null || store == null) {
        throw new HeraldException(
            "saga "
                + saga.name()
                + " needs a transport and an event store: call transport(...) and store(...)");
      }
      if (clock == null || types == null || codec == null) {
        throw new HeraldException("saga " + saga.name() + ": clock, types and codec must be set");
      }
      if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
        throw new HeraldException(
            "saga " + saga.name() + ": pollInterval must be positive, was " + pollInterval);
      }
      return new SagaRunner<>(this);
    }
  }
}
