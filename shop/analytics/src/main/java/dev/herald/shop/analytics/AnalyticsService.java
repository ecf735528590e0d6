package dev.herald.shop.analytics;

import dev.herald.core.EventBus;
import dev.herald.core.EventTypes;
import dev.herald.core.HeraldException;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.Transport;
import dev.herald.shop.events.OrderEvents.OrderCancelled;
import dev.herald.shop.events.OrderEvents.OrderConfirmed;
import dev.herald.shop.events.OrderEvents.OrderPlaced;
import dev.herald.shop.events.OrderEvents.OrderShipped;
import dev.herald.shop.events.PaymentEvents.PaymentCaptured;
import dev.herald.shop.events.PaymentEvents.PaymentRefunded;
import dev.herald.shop.events.ShopEvents;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The analytics service: live {@link Figures} projected from the bus's order and payment facts.
 *
 * <p>The figures live in memory and are rebuilt at each start by reading the topics from their
 * beginning: the default consumer group is new at each start ({@code shop-analytics.<random>}), so
 * no committed offset skips the history. The state is kept per order and per payment, so a fact
 * delivered twice (redelivery, duplicates, a replay) counts once. Orders per minute counts the
 * orders whose {@code placedAt} falls in the minute up to the injected clock's now. Thread-safe.
 */
public final class AnalyticsService implements AutoCloseable {
  /** The service name: the source of what its bus would publish. */
  public static final String SERVICE = "shop-analytics";

  private final ShopFigures figures;
  private final EventBus bus;

  private AnalyticsService(Builder b) {
    this.figures = new ShopFigures(b.clock, b.topSkus);
    EventBus.Builder settings = EventBus.builder(SERVICE);
    b.configureBus.accept(settings);
    this.bus =
        settings
            .transport(b.transport)
            .group(b.group)
            .startFrom(StartPosition.earliest())
            .types(ShopEvents.register(new EventTypes()))
            .build();
    bus.on(OrderPlaced.class, (placed, context) -> figures.placed(placed));
    bus.on(OrderConfirmed.class, (confirmed, context) -> figures.converted(confirmed.orderId()));
    bus.on(OrderShipped.class, (shipped, context) -> figures.shipped(shipped.orderId()));
    bus.on(OrderCancelled.class, (cancelled, context) -> figures.cancelled(cancelled.orderId()));
    bus.on(
        PaymentCaptured.class, (paid, context) -> figures.captured(paid.paymentId(), paid.cents()));
    bus.on(
        PaymentRefunded.class, (back, context) -> figures.refunded(back.paymentId(), back.cents()));
    bus.start();
  }

  /** Starts configuring a service that reads from {@code transport}. */
  public static Builder builder(Transport transport) {
    return new Builder(transport);
  }

  /** The figures now: a consistent snapshot, taken on the service's clock. Never blocks long. */
  public Figures figures() {
    return figures.figures();
  }

  /** Stops reading; the transport stays open (the caller's). */
  @Override
  public void close() {
    bus.close();
  }

  /** Settings of an {@link AnalyticsService}; {@link #start()} checks them. Not thread-safe. */
  public static final class Builder {
    private final Transport transport;
    private Clock clock = Clock.systemUTC();
    private String group = SERVICE + "." + UUID.randomUUID();
    private int topSkus = 5;
    private Consumer<EventBus.Builder> configureBus = bus -> {};

    private Builder(Transport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** The clock of the orders-per-minute window; default the system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The consumer group; default a new one per start, so the figures are rebuilt from the whole
     * history. A fixed group resumes where it stopped, and so counts only what came after.
     */
    public Builder group(String group) {
      this.group = Objects.requireNonNull(group, "group");
      return this;
    }

    /** How many SKUs {@link Figures#topSkus()} lists; default 5. */
    public Builder topSkus(int topSkus) {
      this.topSkus = topSkus;
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
     * Joins the group and starts reading from the beginning of the topics.
     *
     * @throws HeraldException if {@code topSkus} is below 1
     */
    public AnalyticsService start() {
      if (topSkus < 1) {
        throw new HeraldException("topSkus must be 1 or more, was " + topSkus);
      }
      return new AnalyticsService(this);
    }
  }
}
