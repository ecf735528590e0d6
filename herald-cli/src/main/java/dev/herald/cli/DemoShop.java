package dev.herald.cli;

import dev.herald.cli.DemoEvents.OrderPlaced;
import dev.herald.cli.DemoEvents.PaymentCaptured;
import dev.herald.cli.DemoEvents.StockReserved;
import dev.herald.core.EventBus;
import dev.herald.core.spi.Transport;
import java.time.Duration;
import java.util.List;

/**
 * The four services of {@code herald demo}, each an {@link EventBus} on one shared transport:
 * orders places orders, inventory reserves stock for them, payments captures the money, and
 * notifications reports every step to {@link DemoProgress}. Follow-up events are published through
 * the handler's context, so they carry the order's correlation id and their cause. Each bus records
 * its metrics and traces through the {@link Observability} it is given.
 */
final class DemoShop implements AutoCloseable {
  private static final String[] SKUS = {"mug", "tee", "cap", "sticker"};
  private static final Duration SHUTDOWN = Duration.ofSeconds(5);

  private final EventBus orders;
  private final EventBus inventory;
  private final EventBus payments;
  private final EventBus notifications;
  private final DemoProgress progress;

  DemoShop(Transport transport, DemoProgress progress, Observability observability) {
    this.progress = progress;
    orders = bus("orders", transport, observability);
    inventory =
        bus("inventory", transport, observability)
            .on(
                OrderPlaced.class,
                (placed, context) -> {
                  progress.handled();
                  context.publish(
                      new StockReserved(
                          placed.orderId(),
                          placed.customerId(),
                          placed.sku(),
                          placed.quantity(),
                          placed.totalCents()));
                });
    payments =
        bus("payments", transport, observability)
            .on(
                StockReserved.class,
                (reserved, context) -> {
                  progress.handled();
                  context.publish(
                      new PaymentCaptured(
                          reserved.orderId(), reserved.customerId(), reserved.totalCents()));
                });
    notifications =
        bus("notifications", transport, observability)
            .on(
                OrderPlaced.class,
                (e, c) -> progress.step(c.envelope(), e.orderId(), e.customerId()))
            .on(
                StockReserved.class,
                (e, c) -> progress.step(c.envelope(), e.orderId(), e.customerId()))
            .on(
                PaymentCaptured.class,
                (e, c) -> progress.step(c.envelope(), e.orderId(), e.customerId()));
  }

  /** Starts the reacting services. */
  void start() {
    inventory.start();
    payments.start();
    notifications.start();
  }

  /** Places order number {@code n}; returns when the transport holds it. */
  void placeOrder(int n) {
    int quantity = 1 + n % 3;
    progress.placing("o-" + n);
    orders.publish(
        new OrderPlaced(
            "o-" + n, "c-" + (1 + n % 5), SKUS[n % SKUS.length], quantity, 1250L * quantity));
  }

  /** Stops the services, upstream first, letting handlers in flight finish. */
  @Override
  public void close() {
    for (EventBus bus : List.of(orders, inventory, payments, notifications)) {
      bus.close();
    }
  }

  private static EventBus bus(String service, Transport transport, Observability observability) {
    return observability
        .configure(EventBus.builder(service), service)
        .transport(transport)
        .shutdownTimeout(SHUTDOWN)
        .build();
  }
}
