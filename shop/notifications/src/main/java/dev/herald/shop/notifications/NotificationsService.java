package dev.herald.shop.notifications;

import dev.herald.core.EventBus;
import dev.herald.core.EventContext;
import dev.herald.core.EventHandler;
import dev.herald.core.EventTypes;
import dev.herald.core.HandlerOptions;
import dev.herald.core.HeraldException;
import dev.herald.core.spi.Transport;
import dev.herald.shop.events.Line;
import dev.herald.shop.events.NotificationEvents.NotificationSent;
import dev.herald.shop.events.OrderEvents.OrderCancelled;
import dev.herald.shop.events.OrderEvents.OrderConfirmed;
import dev.herald.shop.events.OrderEvents.OrderPlaced;
import dev.herald.shop.events.OrderEvents.OrderShipped;
import dev.herald.shop.events.PaymentEvents.PaymentRefunded;
import dev.herald.shop.events.ShopEvents;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The notifications service: tells each customer about each step of their order (placed, confirmed,
 * shipped, cancelled, refunded) by appending a line to {@code notifications.log} in its directory,
 * and publishes a {@link NotificationSent} fact for each message.
 *
 * <p>Each step is told once, under redelivery and across restarts, by two records: its handlers are
 * {@link HandlerOptions.Builder#idempotent() idempotent}, so the bus skips an event id its group
 * handled (remembered on the transport, so on a log or Kafka transport across restarts), and the
 * log itself is read back at start, so a step already written (say, the same fact published twice
 * under two ids, or a crash after the write and before the bus recorded the event as handled) is
 * not written again. The fact is published after the line is written, and marked in {@code
 * notifications.published} once it is: a crash in between publishes it on the redelivery, so the
 * fact is sent at least once and, but for that crash, exactly once; its {@code notificationId}
 * tells duplicates apart. Thread-safe.
 */
public final class NotificationsService implements AutoCloseable {
  /** The service name: its consumer group and the source of its facts. */
  public static final String SERVICE = "shop-notifications";

  private final Clock clock;
  private final NotificationLog log;
  private final EventBus bus;

  private NotificationsService(Builder b) {
    this.clock = b.clock;
    this.log = NotificationLog.open(b.directory);
    EventBus.Builder settings = EventBus.builder(b.service);
    b.configureBus.accept(settings);
    this.bus =
        settings
            .transport(b.transport)
            .types(ShopEvents.register(new EventTypes()))
            .clock(b.clock)
            .build();
    on(OrderPlaced.class, "placed", this::placed);
    on(
        OrderConfirmed.class,
        "confirmed",
        (e, c) -> tell(e.orderId(), "confirmed", Messages.confirmed(e.orderId()), c));
    on(
        OrderShipped.class,
        "shipped",
        (e, c) -> tell(e.orderId(), "shipped", Messages.shipped(e.orderId(), e.shipmentId()), c));
    on(
        OrderCancelled.class,
        "cancelled",
        (e, c) -> tell(e.orderId(), "cancelled", Messages.cancelled(e.orderId(), e.reason()), c));
    on(
        PaymentRefunded.class,
        "refunded",
        (e, c) -> tell(e.orderId(), "refunded", Messages.refunded(e.orderId(), e.cents()), c));
    bus.start();
  }

  /**
   * Starts configuring a service that reads from {@code transport} and writes in {@code directory}.
   */
  public static Builder builder(Transport transport, Path directory) {
    return new Builder(transport, directory);
  }

  /** Every message sent, oldest first, including those of earlier runs on the same directory. */
  public List<Notification> messages() {
    return log.messages();
  }

  /** The file a user reads: one line per message. */
  public static Path logFile(Path directory) {
    return directory.resolve(NotificationLog.LOG);
  }

  private <E> void on(Class<E> type, String step, EventHandler<E> handler) {
    bus.on(type, handler, HandlerOptions.builder().name("notify-" + step).idempotent().build());
  }

  private void placed(OrderPlaced placed, EventContext context) {
    int items = placed.lines().stream().mapToInt(Line::quantity).sum();
    send(
        new Notification(
            clock.instant(),
            placed.customerId(),
            placed.orderId(),
            "placed",
            Messages.placed(placed.orderId(), items, placed.totalCents())),
        context);
  }

  private void tell(String orderId, String step, String text, EventContext context) {
    String customer =
        log.customerOf(orderId)
            .orElseThrow(
                () ->
                    new HeraldException(
                        "cannot tell the customer of order "
                            + orderId
                            + " that it was "
                            + step
                            + ": its OrderPlaced was not seen; it is retried, then dead-lettered"));
    send(new Notification(clock.instant(), customer, orderId, step, text), context);
  }

  private void send(Notification message, EventContext context) {
    log.append(message);
    String id = message.notificationId();
    if (!log.announced(id)) {
      context.publish(
          new NotificationSent(
              id, message.orderId(), message.customerId(), message.step(), message.text()));
      log.markAnnounced(id);
    }
  }

  /** Stops handling (letting messages under way finish); the transport stays open. */
  @Override
  public void close() {
    bus.close();
  }

  /** Settings of a {@link NotificationsService}. Not thread-safe. */
  public static final class Builder {
    private final Transport transport;
    private final Path directory;
    private Clock clock = Clock.systemUTC();
    private String service = SERVICE;
    private Consumer<EventBus.Builder> configureBus = bus -> {};

    private Builder(Transport transport, Path directory) {
      this.transport = Objects.requireNonNull(transport, "transport");
      this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** The clock of the messages' times; default the system clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** The service name and consumer group; default {@code shop-notifications}. */
    public Builder service(String service) {
      this.service = Objects.requireNonNull(service, "service");
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
     * Reads what the directory holds, joins the group and starts handling.
     *
     * @throws HeraldException if the directory cannot be read or a line of it is not a message
     */
    public NotificationsService start() {
      return new NotificationsService(this);
    }
  }
}
