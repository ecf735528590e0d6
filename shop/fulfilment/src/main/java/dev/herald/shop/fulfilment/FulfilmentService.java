package dev.herald.shop.fulfilment;

import dev.herald.core.EventBus;
import dev.herald.core.EventTypes;
import dev.herald.core.HeraldException;
import dev.herald.core.spi.Transport;
import dev.herald.eventstore.EventStore;
import dev.herald.saga.Saga;
import dev.herald.saga.SagaInstance;
import dev.herald.saga.SagaRunner;
import dev.herald.shop.events.ShopEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The fulfilment service: runs the {@link Fulfilment} saga on a transport, with its instances
 * (state, what each step sent, pending deadlines) in an event store, so that a restart resumes
 * every order where it was and fires the deadlines that passed meanwhile. It reads the facts of
 * orders, inventory, payments and shipping and sends commands to {@code shop.<area>.commands}; it
 * calls no service. Thread-safe.
 *
 * <pre>{@code
 * try (FulfilmentService fulfilment =
 *     FulfilmentService.builder(transport, store).paymentTimeout(Duration.ofSeconds(30)).start()) {
 *   ...
 * }
 * }</pre>
 */
public final class FulfilmentService implements AutoCloseable {
  /** The service name: the source of the commands it sends. */
  public static final String SERVICE = "shop-fulfilment";

  private final SagaRunner<Fulfilment> runner;

  private FulfilmentService(Builder b) {
    Saga<Fulfilment> saga = Fulfilment.saga(b.paymentTimeout, b.refundWindow);
    this.runner =
        SagaRunner.builder(saga)
            .transport(b.transport)
            .store(b.store)
            .clock(b.clock)
            .service(SERVICE)
            .types(ShopEvents.register(new EventTypes()))
            .pollInterval(b.pollInterval)
            .configureBus(b.configureBus)
            .start();
  }

  /**
   * Starts configuring a service that reads and sends on {@code transport}, state in {@code store}.
   */
  public static Builder builder(Transport transport, EventStore store) {
    return new Builder(transport, store);
  }

  /** Order {@code orderId}'s fulfilment as stored now, if the saga has seen the order. */
  public Optional<SagaInstance<Fulfilment>> fulfilment(String orderId) {
    return runner.instance(orderId);
  }

  /** Whether the deadline scheduler has read every stored instance and follows live. */
  public boolean isLive() {
    return runner.isLive();
  }

  /** Stops handling and firing deadlines; the transport and store stay open (the caller's). */
  @Override
  public void close() {
    runner.close();
  }

  /** Settings of a {@link FulfilmentService}; {@link #start()} checks them. Not thread-safe. */
  public static final class Builder {
    private final Transport transport;
    private final EventStore store;
    private Clock clock = Clock.systemUTC();
    private Duration paymentTimeout = Duration.ofSeconds(30);
    private Duration refundWindow = Duration.ofMinutes(10);
    private Duration pollInterval = Duration.ofMillis(200);
    private Consumer<EventBus.Builder> configureBus = bus -> {};

    private Builder(Transport transport, EventStore store) {
      this.transport = Objects.requireNonNull(transport, "transport");
      this.store = Objects.requireNonNull(store, "store");
    }

    /** The clock of the deadlines; default the system clock. Tests pass one they move. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How long payments has to answer a charge before the order is cancelled; default 30 s. */
    public Builder paymentTimeout(Duration paymentTimeout) {
      this.paymentTimeout = paymentTimeout;
      return this;
    }

    /**
     * How long after the payment deadline a late capture is still refunded; default 10 min. Make it
     * longer than payments can take to answer at worst.
     */
    public Builder refundWindow(Duration refundWindow) {
      this.refundWindow = refundWindow;
      return this;
    }

    /** How often due deadlines are looked for (the most one fires late); default 200 ms. */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = pollInterval;
      return this;
    }

    /**
     * Adjusts the service's bus (metrics, tracing, retry policy…) before it is built; its
     * transport, group, types and clock are the service's.
     */
    public Builder configureBus(Consumer<EventBus.Builder> configure) {
      this.configureBus = Objects.requireNonNull(configure, "configure");
      return this;
    }

    /**
     * Starts the saga's runner and returns the service.
     *
     * @throws HeraldException if a duration is not positive
     */
    public FulfilmentService start() {
      return new FulfilmentService(this);
    }
  }
}
