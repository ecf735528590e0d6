package dev.herald.shop.payments;

import dev.herald.core.EventBus;
import dev.herald.core.EventContext;
import dev.herald.core.EventTypes;
import dev.herald.core.HandlerOptions;
import dev.herald.core.spi.Transport;
import dev.herald.eventstore.AggregateRepository;
import dev.herald.eventstore.EventMetadata;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.StreamFilter;
import dev.herald.eventstore.relay.EventStoreRelay;
import dev.herald.shop.events.PaymentEvents.ChargePayment;
import dev.herald.shop.events.PaymentEvents.PaymentEvent;
import dev.herald.shop.events.PaymentEvents.RefundPayment;
import dev.herald.shop.events.ShopEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payments service: handles {@link ChargePayment} through a {@link SimulatedGateway} and {@link
 * RefundPayment}, records each payment in the event store (one stream per order, {@code
 * payment-<orderId>}, the source of truth) and relays {@code PaymentCaptured}, {@code
 * PaymentFailed} and {@code PaymentRefunded} to the bus's {@code shop.payment} topic.
 *
 * <p>An order is charged at most once: a charge for an order with a stored outcome does not reach
 * the gateway and publishes nothing new (the outcome is already on its way through the relay), a
 * redelivered envelope is not handled again, and the gateway itself answers a repeated order as
 * before, which covers a crash between its answer and the append. A refund is published once; a
 * refund for an order never charged, or whose charge failed, is refused and logged as a warning,
 * not published: nothing needs compensating, and the shop's vocabulary has no fact for it.
 * Thread-safe.
 *
 * <pre>{@code
 * try (PaymentsService payments =
 *     PaymentsService.builder(store, transport).failureRate(0.1).start()) {
 *   ...
 * }
 * }</pre>
 */
public final class PaymentsService implements AutoCloseable {
  /** The service name: the bus's consumer group and the relay's source. */
  public static final String NAME = "shop-payments";

  private static final Logger log = LoggerFactory.getLogger(PaymentsService.class);

  private final SimulatedGateway gateway;
  private final AggregateRepository<Payment, PaymentEvent> payments;
  private final EventStoreRelay relay;
  private final EventBus bus;

  private PaymentsService(Builder b, SimulatedGateway gateway) {
    this.gateway = gateway;
    EventTypes types = ShopEvents.register(new EventTypes());
    this.payments =
        AggregateRepository.builder(b.store, new PaymentAggregate(), PaymentEvent.class)
            .types(types)
            .build();
    this.relay =
        EventStoreRelay.builder(b.store, b.transport)
            .name(NAME)
            .filter(StreamFilter.category(PaymentAggregate.CATEGORY))
            .topics(types)
            .source(NAME)
            .start();
    HandlerOptions idempotent = HandlerOptions.builder().idempotent().build();
    EventBus.Builder settings = EventBus.builder(NAME);
    b.configureBus.accept(settings);
    this.bus = settings.transport(b.transport).types(types).clock(b.clock).build();
    bus.on(ChargePayment.class, this::charge, idempotent);
    bus.on(RefundPayment.class, this::refund, idempotent);
    bus.start();
  }

  /** Starts a service that keeps its state in {@code store} and talks on {@code transport}. */
  public static Builder builder(EventStore store, Transport transport) {
    return new Builder(store, transport);
  }

  /** The payment of order {@code orderId} as stored now. */
  public Payment payment(String orderId) {
    return payments.load(orderId).state();
  }

  /** The gateway charges go through. */
  public SimulatedGateway gateway() {
    return gateway;
  }

  /** Whether the relay has put every stored payment event on the bus and follows live. */
  public boolean relayIsLive() {
    return relay.isLive();
  }

  private void charge(ChargePayment charge, EventContext context) throws InterruptedException {
    if (payments.load(charge.orderId()).state().status() != Payment.Status.NONE) {
      return;
    }
    GatewayAnswer answer = gateway.charge(charge.orderId(), charge.cents());
    payments.handle(
        charge.orderId(),
        payment -> payment.charged(charge.orderId(), answer),
        EventMetadata.causedBy(context));
  }

  private void refund(RefundPayment refund, EventContext context) {
    try {
      payments.handle(
          refund.orderId(),
          payment -> payment.refund(refund.orderId()),
          EventMetadata.causedBy(context));
    } catch (RefundRefusedException e) {
      log.warn("refund refused ({}): {}", refund.reason(), e.getMessage());
    }
  }

  /**
   * Stops handling (in-flight commands finish) and relaying; the store and transport stay open
   * (their owner closes them).
   */
  @Override
  public void close() {
    bus.close();
    relay.close();
  }

  /** Settings of a {@link PaymentsService}. Not thread-safe. */
  public static final class Builder {
    private final EventStore store;
    private final Transport transport;
    private double failureRate;
    private Duration latency = Duration.ofMillis(5);
    private long seed = 1;
    private Clock clock = Clock.systemUTC();
    private Consumer<EventBus.Builder> configureBus = bus -> {};

    private Builder(EventStore store, Transport transport) {
      this.store = Objects.requireNonNull(store, "store");
      this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** The share of charges the gateway declines, from 0 (the default) to 1. */
    public Builder failureRate(double failureRate) {
      this.failureRate = failureRate;
      return this;
    }

    /** How long the gateway takes to answer a charge; default 5 ms. */
    public Builder latency(Duration latency) {
      this.latency = latency;
      return this;
    }

    /** The seed of the gateway's declines; default 1. */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** The bus's clock (event times); default the system clock in UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
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
     * Starts the relay and the handlers, and returns the service.
     *
     * @throws dev.herald.core.HeraldException if the failure rate is not from 0 to 1 or the latency
     *     is negative
     */
    public PaymentsService start() {
      return new PaymentsService(this, new SimulatedGateway(failureRate, latency, seed));
    }
  }
}
