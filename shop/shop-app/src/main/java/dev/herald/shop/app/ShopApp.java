package dev.herald.shop.app;

import dev.herald.core.EventBus;
import dev.herald.core.HeraldException;
import dev.herald.core.spi.Transport;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.log.LogEventStore;
import dev.herald.log.Durability;
import dev.herald.log.LogSettings;
import dev.herald.log.LogTransport;
import dev.herald.log.LogTransports;
import dev.herald.shop.analytics.AnalyticsService;
import dev.herald.shop.app.chaos.Chaos;
import dev.herald.shop.app.chaos.ChaosCounts;
import dev.herald.shop.app.chaos.ChaosTransport;
import dev.herald.shop.events.Catalog;
import dev.herald.shop.fulfilment.Fulfilment;
import dev.herald.shop.fulfilment.FulfilmentService;
import dev.herald.shop.inventory.InventoryService;
import dev.herald.shop.notifications.NotificationsService;
import dev.herald.shop.orders.OrdersHttp;
import dev.herald.shop.orders.OrdersService;
import dev.herald.shop.payments.PaymentsService;
import dev.herald.shop.shipping.ShippingService;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The whole shop in one process: orders (with its HTTP API), inventory, payments, shipping, the
 * fulfilment saga, notifications and analytics, on one transport and one event store. By default
 * both are the embedded log in {@code DATA/log} and notifications are written in {@code
 * DATA/notifications}; starting again on the same directory continues from what it holds.
 *
 * <pre>{@code
 * try (ShopApp shop = ShopApp.builder().dataDirectory(Path.of("herald-data")).start()) {
 *   System.out.println(shop.ordersUri());
 * }
 * }</pre>
 *
 * Thread-safe once started; {@link #close()} stops the services in the reverse of their start.
 */
public final class ShopApp implements AutoCloseable {
  private final ShopSettings settings;
  private final Transport transport;
  private final EventStore store;
  private final Path notificationsDirectory;
  private final Instant startedAt;
  private final String analyticsGroup = AnalyticsService.SERVICE + "." + UUID.randomUUID();
  private final Deque<AutoCloseable> running = new ArrayDeque<>();
  private final OrdersService orders;
  private final InventoryService inventory;
  private final PaymentsService payments;
  private final ShippingService shipping;
  private final FulfilmentService fulfilment;
  private final NotificationsService notifications;
  private final AnalyticsService analytics;
  private final OrdersHttp http;

  private ShopApp(ShopSettings s) {
    this.settings = s;
    this.startedAt = s.clock().instant();
    if (s.dataDirectory().isPresent()) {
      Path data = s.dataDirectory().orElseThrow();
      LogTransport log =
          LogTransports.open(LogSettings.of(data.resolve("log")).withDurability(s.durability()));
      running.push(log);
      this.transport = withChaos(log, s.chaos());
      this.store = started(LogEventStore.open(log));
      this.notificationsDirectory = data.resolve("notifications");
    } else {
      this.transport = withChaos(s.transport().orElseThrow(), s.chaos());
      this.store = s.store().orElseThrow();
      this.notificationsDirectory = s.notificationsDirectory().orElseThrow();
    }
    try {
      Clock clock = s.clock();
      this.orders =
          runs(ShopService.ORDERS)
              ? started(
                  OrdersService.builder(store, transport)
                      .catalog(s.catalog())
                      .clock(clock)
                      .configureBus(bus(ShopService.ORDERS))
                      .start())
              : null;
      this.inventory =
          runs(ShopService.INVENTORY)
              ? started(
                  inventory(s.restockEvery())
                      .catalog(s.catalog())
                      .clock(clock)
                      .configureBus(bus(ShopService.INVENTORY))
                      .start())
              : null;
      this.payments =
          runs(ShopService.PAYMENTS)
              ? started(
                  PaymentsService.builder(store, transport)
                      .failureRate(s.paymentFailureRate())
                      .latency(s.paymentLatency())
                      .seed(s.seed())
                      .clock(clock)
                      .configureBus(bus(ShopService.PAYMENTS))
                      .start())
              : null;
      this.shipping =
          runs(ShopService.SHIPPING)
              ? started(
                  ShippingService.builder(store, transport)
                      .delay(s.shippingDelay())
                      .pollEvery(s.pollInterval())
                      .clock(clock)
                      .configureBus(bus(ShopService.SHIPPING))
                      .start())
              : null;
      this.fulfilment =
          runs(ShopService.FULFILMENT)
              ? started(
                  FulfilmentService.builder(transport, store)
                      .paymentTimeout(s.paymentDeadline())
                      .pollInterval(s.pollInterval())
                      .clock(clock)
                      .configureBus(bus(ShopService.FULFILMENT))
                      .start())
              : null;
      this.notifications =
          runs(ShopService.NOTIFICATIONS)
              ? started(
                  NotificationsService.builder(transport, notificationsDirectory)
                      .clock(clock)
                      .configureBus(bus(ShopService.NOTIFICATIONS))
                      .start())
              : null;
      this.analytics =
          runs(ShopService.ANALYTICS)
              ? started(
                  AnalyticsService.builder(transport)
                      .group(analyticsGroup)
                      .clock(clock)
                      .configureBus(bus(ShopService.ANALYTICS))
                      .start())
              : null;
      this.http =
          runs(ShopService.ORDERS)
              ? started(OrdersHttp.start(orders, s.httpHost(), s.httpPort()))
              : null;
      if (transport instanceof ChaosTransport chaos) {
        chaos.injectUndecodable(consumerGroups());
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  // the store stays on the plain transport: chaos is in delivery, not in what is stored
  private static Transport withChaos(Transport transport, Optional<Chaos> chaos) {
    return chaos.<Transport>map(c -> new ChaosTransport(transport, c)).orElse(transport);
  }

  /** What chaos injected so far, if it runs. */
  public Optional<ChaosCounts> chaos() {
    return transport instanceof ChaosTransport chaos
        ? Optional.of(chaos.counts())
        : Optional.empty();
  }

  private InventoryService.Builder inventory(Optional<Duration> restockEvery) {
    InventoryService.Builder builder = InventoryService.builder(store, transport);
    restockEvery.ifPresent(builder::restockEvery);
    return builder;
  }

  private boolean runs(ShopService service) {
    return settings.services().contains(service);
  }

  private Consumer<EventBus.Builder> bus(ShopService service) {
    return builder -> settings.configureBus().accept(service, builder);
  }

  private <T> T running(ShopService service, T instance) {
    if (instance == null) {
      throw new HeraldException(
          "the "
              + service.id()
              + " service does not run in this process; it runs "
              + settings.services().stream().map(ShopService::id).toList());
    }
    return instance;
  }

  /** Starts configuring a shop. */
  public static Builder builder() {
    return new Builder();
  }

  private <T extends AutoCloseable> T started(T service) {
    running.push(service);
    return service;
  }

  /** Where the orders API listens, such as {@code http://127.0.0.1:7070}. */
  public URI ordersUri() {
    return running(ShopService.ORDERS, http).uri();
  }

  /** The settings it runs with. */
  public ShopSettings settings() {
    return settings;
  }

  /** What the shop sells, with the stock each SKU started at. */
  public Catalog catalog() {
    return settings.catalog();
  }

  /** When this start began, on the shop's clock. */
  public Instant startedAt() {
    return startedAt;
  }

  /** The orders service, to place and read orders without HTTP. */
  public OrdersService orders() {
    return running(ShopService.ORDERS, orders);
  }

  /** The inventory service. */
  public InventoryService inventory() {
    return running(ShopService.INVENTORY, inventory);
  }

  /** The payments service. */
  public PaymentsService payments() {
    return running(ShopService.PAYMENTS, payments);
  }

  /** The shipping service. */
  public ShippingService shipping() {
    return running(ShopService.SHIPPING, shipping);
  }

  /** The fulfilment saga's service. */
  public FulfilmentService fulfilment() {
    return running(ShopService.FULFILMENT, fulfilment);
  }

  /** The notifications service. */
  public NotificationsService notifications() {
    return running(ShopService.NOTIFICATIONS, notifications);
  }

  /** The file a user reads the customers' messages in. */
  public Path notificationsLog() {
    return NotificationsService.logFile(notificationsDirectory);
  }

  /** The analytics service. */
  public AnalyticsService analytics() {
    return running(ShopService.ANALYTICS, analytics);
  }

  /** The event store every service keeps its state in. */
  public EventStore store() {
    return store;
  }

  /** The transport every service talks on. */
  public Transport transport() {
    return transport;
  }

  /** The consumer group of every service in this process, to look for dead letters. */
  public List<String> consumerGroups() {
    List<String> groups = new ArrayList<>();
    for (ShopService service : settings.services()) {
      groups.add(
          switch (service) {
            case ORDERS -> OrdersService.NAME;
            case INVENTORY -> InventoryService.NAME;
            case PAYMENTS -> PaymentsService.NAME;
            case SHIPPING -> ShippingService.NAME;
            case FULFILMENT ->
                Fulfilment.saga(settings.paymentDeadline(), settings.paymentDeadline()).group();
            case NOTIFICATIONS -> NotificationsService.SERVICE;
            case ANALYTICS -> analyticsGroup;
          });
    }
    return groups;
  }

  /**
   * Stops every service, the newest first (in-flight work finishes), then the store and the
   * transport if it opened them. Idempotent.
   */
  @Override
  public synchronized void close() {
    HeraldException failure = null;
    while (!running.isEmpty()) {
      try {
        running.pop().close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new HeraldException("the shop did not stop cleanly: " + e, e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * Settings of a {@link ShopApp}: where it keeps its data, and how the simulated world behaves.
   * {@link #start()} checks them. Not thread-safe.
   */
  public static final class Builder {
    private final ShopSettings.Draft draft = new ShopSettings.Draft();

    private Builder() {}

    /**
     * Keeps everything in {@code directory}: the embedded log (events and the event store) in
     * {@code log/}, the customers' messages in {@code notifications/}. Conflicts with {@link
     * #on(Transport, EventStore, Path)}.
     */
    public Builder dataDirectory(Path directory) {
      draft.dataDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * Runs on a transport and an event store the caller owns (and closes after the shop), writing
     * notifications in {@code notificationsDirectory}. Conflicts with {@link #dataDirectory(Path)}.
     */
    public Builder on(Transport transport, EventStore store, Path notificationsDirectory) {
      draft.transport = Objects.requireNonNull(transport, "transport");
      draft.store = Objects.requireNonNull(store, "store");
      draft.notificationsDirectory =
          Objects.requireNonNull(notificationsDirectory, "notificationsDirectory");
      return this;
    }

    /** When the embedded log acknowledges an append; default {@link Durability#always()}. */
    public Builder durability(Durability durability) {
      draft.durability = Objects.requireNonNull(durability, "durability");
      return this;
    }

    /** What the shop sells and its initial stock; default {@link Catalog#standard()}. */
    public Builder catalog(Catalog catalog) {
      draft.catalog = Objects.requireNonNull(catalog, "catalog");
      return this;
    }

    /** The share of charges the simulated gateway declines, 0 to 1; default 0. */
    public Builder paymentFailureRate(double rate) {
      draft.paymentFailureRate = rate;
      return this;
    }

    /** How long the simulated gateway takes to answer; default 5 ms. */
    public Builder paymentLatency(Duration latency) {
      draft.paymentLatency = latency;
      return this;
    }

    /** How long payments has to answer before the order is cancelled; default 30 s. */
    public Builder paymentDeadline(Duration deadline) {
      draft.paymentDeadline = deadline;
      return this;
    }

    /** How long after its creation a shipment leaves; default 2 s. */
    public Builder shippingDelay(Duration delay) {
      draft.shippingDelay = delay;
      return this;
    }

    /** How often due shipments and deadlines are looked for; default 100 ms. */
    public Builder pollInterval(Duration interval) {
      draft.pollInterval = interval;
      return this;
    }

    /** The seed of the gateway's declines; default 1. */
    public Builder seed(long seed) {
      draft.seed = seed;
      return this;
    }

    /** The clock of every service (event times, delays, deadlines); default the system clock. */
    public Builder clock(Clock clock) {
      draft.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Has a supplier deliver every {@code interval}, topping up each SKU that fell below half of
     * its initial stock; default: no deliveries, so stock runs out.
     */
    public Builder restockEvery(Duration interval) {
      draft.restockEvery = Objects.requireNonNull(interval, "interval");
      return this;
    }

    /**
     * Injects {@code chaos} into the services' delivery: duplicates, redeliveries, lost commits and
     * undecodable events (see {@link ChaosTransport}); default none.
     */
    public Builder chaos(Chaos chaos) {
      draft.chaos = Objects.requireNonNull(chaos, "chaos");
      return this;
    }

    /** Which services run in this process; default every one. */
    public Builder services(Set<ShopService> services) {
      draft.services = EnumSet.copyOf(Objects.requireNonNull(services, "services"));
      return this;
    }

    /**
     * Adjusts the bus of each service before it is built (metrics, tracing…); {@code configure} is
     * given the service and its bus's builder.
     */
    public Builder configureBus(BiConsumer<ShopService, EventBus.Builder> configure) {
      draft.configureBus = Objects.requireNonNull(configure, "configure");
      return this;
    }

    /** Where the orders API listens; default 127.0.0.1 and port 0 (any free port). */
    public Builder http(String host, int port) {
      draft.httpHost = Objects.requireNonNull(host, "host");
      draft.httpPort = port;
      return this;
    }

    /**
     * Checks the settings and starts every service; returns once the orders API listens.
     *
     * @throws HeraldException if the settings conflict or are out of range (the message says which
     *     and how to fix it), or a service cannot start
     */
    public ShopApp start() {
      return new ShopApp(draft.check());
    }
  }
}
