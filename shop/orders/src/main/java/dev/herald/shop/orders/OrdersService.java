package dev.herald.shop.orders;

import dev.herald.core.EventBus;
import dev.herald.core.EventTypes;
import dev.herald.core.HandlerOptions;
import dev.herald.core.spi.Transport;
import dev.herald.eventstore.AggregateRepository;
import dev.herald.eventstore.Command;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.StreamFilter;
import dev.herald.eventstore.relay.EventStoreRelay;
import dev.herald.shop.events.Catalog;
import dev.herald.shop.events.OrderEvents.CancelOrder;
import dev.herald.shop.events.OrderEvents.ConfirmOrder;
import dev.herald.shop.events.OrderEvents.OrderEvent;
import dev.herald.shop.events.OrderEvents.OrderPlaced;
import dev.herald.shop.events.ShippingEvents.ShipmentShipped;
import dev.herald.shop.events.ShopEvents;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The orders service: records orders in an event store (one stream per order, the source of truth)
 * and relays their events to the bus's {@code shop.order} topic, keyed by order, so that the other
 * services hear of them without being called. Every order event carries the order id as its
 * correlation id.
 *
 * <p>From the bus it takes the fulfilment saga's {@link ConfirmOrder} and {@link CancelOrder} and
 * shipping's {@link ShipmentShipped}, each decided on the order and idempotent: a redelivered
 * envelope is not handled again, and a decision already made decides nothing. A shipment heard of
 * before its order's confirmation (they travel on different topics) fails and is retried until the
 * confirmation lands. Thread-safe.
 *
 * <pre>{@code
 * try (OrdersService orders = OrdersService.builder(store, transport).start()) {
 *   Order order = orders.place("c-1", List.of(new LineRequest("TEA-GREEN", 2)));
 * }
 * }</pre>
 */
public final class OrdersService implements AutoCloseable {
  /** The service name: its consumer group, and the source of the events it relays. */
  public static final String NAME = "shop-orders";

  /** What an order id looks like; other ids are no order's. */
  static final Pattern ORDER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");

  private final Catalog catalog;
  private final Clock clock;
  private final AggregateRepository<Order, OrderEvent> orders;
  private final EventStoreRelay relay;
  private final LatestOrders latest;
  private final EventBus bus;

  private OrdersService(Builder b) {
    this.catalog = b.catalog;
    this.clock = b.clock;
    EventTypes types = ShopEvents.register(new EventTypes());
    this.orders =
        AggregateRepository.builder(b.store, new OrderAggregate(), OrderEvent.class)
            .types(types)
            .build();
    this.latest = new LatestOrders(b.store, orders);
    this.relay =
        EventStoreRelay.builder(b.store, b.transport)
            .name(NAME)
            .filter(StreamFilter.category(OrderAggregate.CATEGORY))
            .topics(types)
            .source(NAME)
            .start();
    EventBus.Builder settings = EventBus.builder(NAME);
    b.configureBus.accept(settings);
    this.bus = settings.transport(b.transport).types(types).clock(b.clock).build();
    HandlerOptions idempotent = HandlerOptions.builder().idempotent().build();
    bus.on(ConfirmOrder.class, (confirm, context) -> confirm(confirm.orderId()), idempotent);
    bus.on(
        CancelOrder.class,
        (cancel, context) -> cancel(cancel.orderId(), cancel.reason()),
        idempotent);
    bus.on(
        ShipmentShipped.class,
        (shipped, context) -> markShipped(shipped.orderId(), shipped.shipmentId()),
        idempotent);
    bus.start();
  }

  /** Starts a service on {@code store} that relays to topics on {@code transport}. */
  public static Builder builder(EventStore store, Transport transport) {
    return new Builder(store, transport);
  }

  /** The catalog orders are checked and priced against. */
  public Catalog catalog() {
    return catalog;
  }

  /**
   * Places a new order of {@code lines} for {@code customerId}: appends its {@link OrderPlaced} and
   * returns it once stored. The bus hears of it through the relay, right after.
   *
   * @throws InvalidOrderException if a line breaks a rule; nothing is stored then
   */
  public Order place(String customerId, List<LineRequest> lines) {
    String id = UUID.randomUUID().toString();
    decide(id, order -> order.place(id, customerId, lines, catalog, clock.instant()));
    return find(id).orElseThrow();
  }

  /** The order {@code id} as stored now, if it was placed. */
  public Optional<Order> find(String id) {
    if (id == null || !ORDER_ID.matcher(id).matches()) {
      return Optional.empty();
    }
    Order order = orders.load(id).state();
    return order.status() == OrderStatus.NEW ? Optional.empty() : Optional.of(order);
  }

  /**
   * Up to {@code limit} orders, the most recently placed first, from a view that trails the store
   * by a moment.
   */
  public List<Order> latest(int limit) {
    return latest.latest(limit);
  }

  /** Confirms order {@code id}; see {@link Order#confirm}. */
  public void confirm(String id) {
    decide(id, Order::confirm);
  }

  /** Cancels order {@code id} for {@code reason}; see {@link Order#cancel}. */
  public void cancel(String id, String reason) {
    decide(id, order -> order.cancel(reason));
  }

  /** Records that order {@code id} left in {@code shipmentId}; see {@link Order#markShipped}. */
  public void markShipped(String id, String shipmentId) {
    decide(id, order -> order.markShipped(shipmentId));
  }

  /** Whether the relay has put every stored order event on the bus and follows live. */
  public boolean relayIsLive() {
    return relay.isLive();
  }

  private void decide(String id, Command<Order, OrderEvent> command) {
    orders.handle(id, command, Map.of("correlationid", id));
  }

  /**
   * Stops handling (decisions under way finish), relaying and the view; the store and transport
   * stay open (their owner closes them).
   */
  @Override
  public void close() {
    bus.close();
    relay.close();
    latest.close();
  }

  /** Settings of an {@link OrdersService}. Not thread-safe. */
  public static final class Builder {
    private final EventStore store;
    private final Transport transport;
    private Catalog catalog = Catalog.standard();
    private Clock clock = Clock.systemUTC();
    private Consumer<EventBus.Builder> configureBus = bus -> {};

    private Builder(EventStore store, Transport transport) {
      this.store = Objects.requireNonNull(store, "store");
      this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** What the shop sells; default {@link Catalog#standard()}. */
    public Builder catalog(Catalog catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    /** Where {@code placedAt} comes from; default the system clock in UTC. */
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

    /** Starts the relay, the latest-orders view and the handlers, and returns the service. */
    public OrdersService start() {
      return new OrdersService(this);
    }
  }
}
