package dev.herald.shop.shipping;

import dev.herald.core.EventBus;
import dev.herald.core.EventTypes;
import dev.herald.core.HandlerOptions;
import dev.herald.core.HeraldException;
import dev.herald.core.spi.Transport;
import dev.herald.eventstore.AggregateRepository;
import dev.herald.eventstore.EventMetadata;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.StreamFilter;
import dev.herald.eventstore.relay.EventStoreRelay;
import dev.herald.shop.events.ShippingEvents.ShipOrder;
import dev.herald.shop.events.ShopEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The shipping service: handles {@link ShipOrder} by creating the order's shipment at once and
 * shipping it after a delay, records both in the event store (one stream per order, {@code
 * shipment-<orderId>}, the source of truth) and relays {@code ShipmentCreated} and {@code
 * ShipmentShipped} (and its own {@link ShipmentScheduled}) to the bus's {@code shop.shipping}
 * topic.
 *
 * <p>Once per order: a second {@code ShipOrder} for an order with a shipment decides nothing and
 * publishes nothing, a redelivered envelope is not handled again, and a shipment ships once. The
 * due time is stored with the shipment and measured on the injected clock, so a shipment that fell
 * due while the service was down ships as soon as it starts again. Thread-safe.
 *
 * <pre>{@code
 * try (ShippingService shipping =
 *     ShippingService.builder(store, transport).delay(Duration.ofSeconds(3)).start()) {
 *   ...
 * }
 * }</pre>
 */
public final class ShippingService implements AutoCloseable {
  /** The service name: the bus's consumer group and the relay's source. */
  public static final String NAME = "shop-shipping";

  private final AggregateRepository<Shipment, Record> shipments;
  private final EventStoreRelay relay;
  private final DueShipments due;
  private final EventBus bus;

  private ShippingService(Builder b) {
    EventTypes types = ShopEvents.register(new EventTypes());
    types.of(ShipmentScheduled.class);
    this.shipments =
        AggregateRepository.builder(b.store, new ShipmentAggregate(), Record.class)
            .types(types)
            .build();
    this.relay =
        EventStoreRelay.builder(b.store, b.transport)
            .name(NAME)
            .filter(StreamFilter.category(ShipmentAggregate.CATEGORY))
            .topics(types)
            .source(NAME)
            .start();
    this.due = new DueShipments(b.store, shipments, b.clock, b.poll);
    Clock clock = b.clock;
    Duration delay = b.delay;
    EventBus.Builder settings = EventBus.builder(NAME);
    b.configureBus.accept(settings);
    this.bus = settings.transport(b.transport).types(types).clock(clock).build();
    bus.on(
        ShipOrder.class,
        (ship, context) ->
            shipments.handle(
                ship.orderId(),
                shipment ->
                    shipment.create(
                        ship.orderId(), "ship-" + ship.orderId(), clock.instant().plus(delay)),
                EventMetadata.causedBy(context)),
        HandlerOptions.builder().idempotent().build());
    bus.start();
  }

  /** Starts a service that keeps its state in {@code store} and talks on {@code transport}. */
  public static Builder builder(EventStore store, Transport transport) {
    return new Builder(store, transport);
  }

  /** The shipment of order {@code orderId} as stored now. */
  public Shipment shipment(String orderId) {
    return shipments.load(orderId).state();
  }

  /** The order ids of shipments created and not shipped yet. */
  public List<String> pending() {
    return due.pending();
  }

  /** How many times it has looked for due shipments since it started. */
  long looks() {
    return due.looks();
  }

  /** Whether the relay has put every stored shipping event on the bus and follows live. */
  public boolean relayIsLive() {
    return relay.isLive();
  }

  /**
   * Stops handling (in-flight commands finish), shipping and relaying; the store and transport stay
   * open (their owner closes them). Pending shipments ship after the next start.
   */
  @Override
  public void close() {
    bus.close();
    due.close();
    relay.close();
  }

  /** Settings of a {@link ShippingService}. Not thread-safe. */
  public static final class Builder {
    private final EventStore store;
    private final Transport transport;
    private Duration delay = Duration.ofSeconds(2);
    private Duration poll = Duration.ofMillis(100);
    private Clock clock = Clock.systemUTC();
    private Consumer<EventBus.Builder> configureBus = bus -> {};

    private Builder(EventStore store, Transport transport) {
      this.store = Objects.requireNonNull(store, "store");
      this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** How long after its creation a shipment ships; 0 or more, default 2 s. */
    public Builder delay(Duration delay) {
      this.delay = delay;
      return this;
    }

    /** How often it looks for due shipments; positive, default 100 ms. */
    public Builder pollEvery(Duration poll) {
      this.poll = poll;
      return this;
    }

    /** The clock due times are measured on; default the system clock in UTC. */
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
     * Starts following pending shipments, the relay and the handler, and returns the service.
     *
     * @throws HeraldException if the delay is negative or the poll interval not positive
     */
    public ShippingService start() {
      if (delay == null || delay.isNegative()) {
        throw new HeraldException(
            "a shipping delay is 0 or more, was " + delay + "; use Duration.ZERO to ship at once");
      }
      if (poll == null || poll.isNegative() || poll.isZero()) {
        throw new HeraldException(
            "shipping looks for due shipments every positive interval, was " + poll);
      }
      return new ShippingService(this);
    }
  }
}
