package dev.herald.shop.inventory;

import dev.herald.core.EventBus;
import dev.herald.core.EventTypes;
import dev.herald.core.HandlerOptions;
import dev.herald.core.HeraldException;
import dev.herald.core.spi.Transport;
import dev.herald.eventstore.AggregateRepository;
import dev.herald.eventstore.Command;
import dev.herald.eventstore.EventMetadata;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.StreamFilter;
import dev.herald.eventstore.relay.EventStoreRelay;
import dev.herald.shop.events.Catalog;
import dev.herald.shop.events.ShippingEvents.ShipmentShipped;
import dev.herald.shop.events.ShopEvents;
import dev.herald.shop.events.StockEvents.ReleaseStock;
import dev.herald.shop.events.StockEvents.ReserveStock;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inventory service: handles {@link ReserveStock}, {@link ReleaseStock} and shipping's {@link
 * ShipmentShipped}, records each decision in the event store (stream {@code inventory-all}, the
 * source of truth) and relays it to the bus: {@code StockReserved}, {@code StockRejected}, {@code
 * StockReleased} and {@link StockShipped} on {@code shop.stock}, and a {@code StockLevelChanged}
 * per SKU it changes on {@code shop.stock.levels}. A decision and its events are one append, so
 * nothing is published that was not decided, and nothing decided is lost.
 *
 * <p>Idempotent: a command for an order already decided decides nothing and publishes nothing (its
 * outcome is already on its way through the relay), and a redelivered envelope is not handled
 * again. Stock is never negative. Thread-safe; decisions in one process are serialized, and
 * instances in several processes are kept apart by the stream's expected version.
 *
 * <pre>{@code
 * try (InventoryService inventory = InventoryService.builder(store, transport).start()) {
 *   ...
 * }
 * }</pre>
 */
public final class InventoryService implements AutoCloseable {
  /** The service name: the bus's consumer group and the relay's source. */
  public static final String NAME = "shop-inventory";

  private static final int SNAPSHOT_EVERY = 100;
  private static final Logger log = LoggerFactory.getLogger(InventoryService.class);

  private final AggregateRepository<Stock, Record> inventory;
  private final ReentrantLock deciding = new ReentrantLock();
  private final EventStoreRelay relay;
  private final EventBus bus;
  private final Optional<ScheduledExecutorService> supplier;

  private InventoryService(Builder b) {
    EventTypes types = ShopEvents.register(new EventTypes());
    types.of(StockShipped.class);
    types.of(StockReceived.class);
    this.inventory =
        AggregateRepository.builder(b.store, new InventoryAggregate(), Record.class)
            .types(types)
            .snapshotEvery(SNAPSHOT_EVERY)
            .build();
    decide(stock -> stock.stockUp(b.catalog), Map.of());
    this.relay =
        EventStoreRelay.builder(b.store, b.transport)
            .name(NAME)
            .filter(StreamFilter.category(InventoryAggregate.CATEGORY))
            .topics(types)
            .source(NAME)
            .start();
    HandlerOptions idempotent = HandlerOptions.builder().idempotent().build();
    EventBus.Builder settings = EventBus.builder(NAME);
    b.configureBus.accept(settings);
    this.bus = settings.transport(b.transport).types(types).clock(b.clock).build();
    bus.on(
        ReserveStock.class,
        (reserve, context) ->
            decide(stock -> stock.reserve(reserve), EventMetadata.causedBy(context)),
        idempotent);
    bus.on(
        ReleaseStock.class,
        (release, context) ->
            decide(stock -> stock.release(release.orderId()), EventMetadata.causedBy(context)),
        idempotent);
    bus.on(
        ShipmentShipped.class,
        (shipped, context) ->
            decide(
                stock -> stock.ship(shipped.orderId(), shipped.shipmentId()),
                EventMetadata.causedBy(context)),
        idempotent);
    bus.start();
    this.supplier = b.restockEvery.map(every -> startSupplier(every, b.catalog));
  }

  private ScheduledExecutorService startSupplier(Duration every, Catalog catalog) {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "inventory-supplier");
              thread.setDaemon(true);
              return thread;
            });
    var unused =
        timer.scheduleWithFixedDelay(
            () -> {
              try {
                decide(stock -> stock.restock(catalog), Map.of());
              } catch (RuntimeException e) {
                log.warn("a delivery failed; the next one is due in {}: {}", every, e.toString());
              }
            },
            every.toNanos(),
            every.toNanos(),
            TimeUnit.NANOSECONDS);
    return timer;
  }

  /** Starts a service that keeps its state in {@code store} and talks on {@code transport}. */
  public static Builder builder(EventStore store, Transport transport) {
    return new Builder(store, transport);
  }

  /** The stock of every SKU as stored now. */
  public Map<String, Level> levels() {
    return inventory.load(InventoryAggregate.ID).state().levels();
  }

  /** How many of each SKU suppliers delivered after its initial stock, as stored now. */
  public Map<String, Integer> received() {
    return inventory.load(InventoryAggregate.ID).state().received();
  }

  /** What was decided for order {@code orderId}, if anything. */
  public Optional<Reservation> reservation(String orderId) {
    return Optional.ofNullable(
        inventory.load(InventoryAggregate.ID).state().reservations().get(orderId));
  }

  /** Whether the relay has put every stored decision on the bus and follows live. */
  public boolean relayIsLive() {
    return relay.isLive();
  }

  private void decide(Command<Stock, Record> command, Map<String, String> metadata) {
    // one decision at a time here: they all land on one stream, and waiting is cheaper than
    // losing the version race and deciding again
    deciding.lock();
    try {
      inventory.handle(InventoryAggregate.ID, command, metadata);
    } finally {
      deciding.unlock();
    }
  }

  /**
   * Stops handling (in-flight commands finish) and relaying; the store and transport stay open
   * (their owner closes them).
   */
  @Override
  public void close() {
    supplier.ifPresent(ExecutorService::shutdownNow);
    bus.close();
    relay.close();
  }

  /** Settings of an {@link InventoryService}. Not thread-safe. */
  public static final class Builder {
    private final EventStore store;
    private final Transport transport;
    private Catalog catalog = Catalog.standard();
    private Clock clock = Clock.systemUTC();
    private Optional<Duration> restockEvery = Optional.empty();
    private Consumer<EventBus.Builder> configureBus = bus -> {};

    private Builder(EventStore store, Transport transport) {
      this.store = Objects.requireNonNull(store, "store");
      this.transport = Objects.requireNonNull(transport, "transport");
    }

    /**
     * What the shop sells; default {@link Catalog#standard()}. Each SKU starts at its initial stock
     * the first time the inventory sees it; a restart keeps the stored levels.
     */
    public Builder catalog(Catalog catalog) {
      this.catalog = Objects.requireNonNull(catalog, "catalog");
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
     * Has a supplier deliver every {@code interval}: each SKU whose available stock fell below half
     * of its initial stock is brought back to it ({@link StockReceived}). Default: no deliveries.
     *
     * @throws HeraldException if the interval is not positive
     */
    public Builder restockEvery(Duration interval) {
      if (interval == null || interval.isNegative() || interval.isZero()) {
        throw new HeraldException(
            "the restock interval must be positive, such as Duration.ofSeconds(10); was "
                + interval);
      }
      this.restockEvery = Optional.of(interval);
      return this;
    }

    /** Stocks new SKUs, starts the relay and the handlers, and returns the service. */
    public InventoryService start() {
      return new InventoryService(this);
    }
  }
}
