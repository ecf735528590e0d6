package dev.herald.testkit.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.EventContext;
import dev.herald.core.EventHandler;
import dev.herald.core.EventType;
import dev.herald.testkit.Fault;
import dev.herald.testkit.FaultReport;
import dev.herald.testkit.HandlerFaults;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * How a service tests its own handler with {@link HandlerFaults}, written as a user of Herald would
 * (only the public API). The payments service charges a card for every placed order; charging is a
 * side effect that must happen once per order however often the event arrives.
 */
class ChargeCardFaultsExampleTest {

  @EventType(name = "shop.order.placed", key = "orderId")
  record OrderPlaced(String orderId, String customer, long cents) {}

  record Charge(String orderId, String customer, long cents) {}

  /** Stands in for the payment provider: each call charges a card. Thread-safe. */
  static final class CardGateway {
    private final List<Charge> charges = new ArrayList<>();

    synchronized void charge(String orderId, String customer, long cents) {
      charges.add(new Charge(orderId, customer, cents));
    }

    /** Every charge made, by order id: no delivery promises an order across orders. */
    synchronized List<Charge> charges() {
      return charges.stream().sorted(Comparator.comparing(Charge::orderId)).toList();
    }

    synchronized void clear() {
      charges.clear();
    }
  }

  /** The service's own store of paid orders, which survives a restart. Thread-safe. */
  static final class Payments {
    private final Set<String> paid = new HashSet<>();
    private final CardGateway gateway;

    Payments(CardGateway gateway) {
      this.gateway = gateway;
    }

    /**
     * Charges the order unless it is paid already. In a real service the charge carries the order
     * id as the provider's idempotency key, or the "paid" row and an outbox entry share one
     * transaction; here one lock plays that part.
     */
    synchronized void chargeOnce(OrderPlaced order) {
      if (paid.add(order.orderId())) {
        gateway.charge(order.orderId(), order.customer(), order.cents());
      }
    }

    synchronized void clear() {
      paid.clear();
    }
  }

  /** The naive handler: charges for every OrderPlaced it sees. */
  record ChargeCard(CardGateway gateway) implements EventHandler<OrderPlaced> {
    @Override
    public void handle(OrderPlaced order, EventContext context) {
      gateway.charge(order.orderId(), order.customer(), order.cents());
    }
  }

  /** The idempotent handler: charges an order once, remembered in the service's store. */
  record ChargeCardOnce(Payments payments) implements EventHandler<OrderPlaced> {
    @Override
    public void handle(OrderPlaced order, EventContext context) {
      payments.chargeOnce(order);
    }
  }

  /** Remembers handled orders in a field: fine until the process restarts. */
  static final class ChargeCardRememberingInMemory implements EventHandler<OrderPlaced> {
    private final Set<String> charged = new HashSet<>();
    private final CardGateway gateway;

    ChargeCardRememberingInMemory(CardGateway gateway) {
      this.gateway = gateway;
    }

    @Override
    public void handle(OrderPlaced order, EventContext context) {
      synchronized (charged) {
        if (charged.add(order.orderId())) {
          gateway.charge(order.orderId(), order.customer(), order.cents());
        }
      }
    }
  }

  private final CardGateway gateway = new CardGateway();
  private final Payments payments = new Payments(gateway);

  private static List<OrderPlaced> orders() {
    return List.of(
        new OrderPlaced("o-1", "ann", 1200),
        new OrderPlaced("o-2", "bob", 800),
        new OrderPlaced("o-3", "ann", 4500),
        new OrderPlaced("o-4", "cid", 300),
        new OrderPlaced("o-5", "bob", 990),
        new OrderPlaced("o-6", "dee", 2500),
        new OrderPlaced("o-7", "ann", 150),
        new OrderPlaced("o-8", "cid", 7000));
  }

  @Test
  void idempotentHandler_passesEveryFault() {
    HandlerFaults.forHandler(OrderPlaced.class, new ChargeCardOnce(payments))
        .events(orders())
        .effects(gateway::charges)
        .reset(
            () -> {
              gateway.clear();
              payments.clear();
            })
        .seed(42)
        .run()
        .assertEffectsEqualCleanDelivery();
  }

  @Test
  void naiveHandler_chargesTwiceUnderDuplicatesRedeliveriesAndCrashes() {
    FaultReport report =
        HandlerFaults.forHandler(OrderPlaced.class, new ChargeCard(gateway))
            .events(orders())
            .effects(gateway::charges)
            .reset(gateway::clear)
            .seed(42)
            .run();

    assertThat(report.failures(Fault.DUPLICATES)).hasSize(20);
    assertThat(report.failures(Fault.REDELIVERIES)).hasSize(20);
    assertThat(report.failures(Fault.CRASH_AFTER_EFFECT)).hasSize(20);
    assertThat(report.failures(Fault.DELAYS)).isEmpty();
    assertThat(report.failures(Fault.REORDER_ACROSS_KEYS)).isEmpty();
    assertThatThrownBy(report::assertEffectsEqualCleanDelivery)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("DUPLICATES, run 0 (seed 42): stored twice: #")
        .hasMessageContaining("CRASH_AFTER_EFFECT, run 0 (seed 42): crashed after handling #")
        .hasMessageContaining("replay this run alone: .faults(Fault.DUPLICATES).seed(42).runs(1)")
        .hasMessageContaining("difference: extra [Charge[orderId=o-");
  }

  @Test
  void inMemoryDedup_chargesAgainAfterACrash() {
    FaultReport report =
        // forService builds the handler anew in every process, as a restart would.
        HandlerFaults.forService(
                bus -> bus.on(OrderPlaced.class, new ChargeCardRememberingInMemory(gateway)))
            .events(orders())
            .effects(gateway::charges)
            .reset(gateway::clear)
            .seed(42)
            .run();

    assertThat(report.failures(Fault.DUPLICATES)).isEmpty();
    assertThat(report.failures(Fault.REDELIVERIES)).isEmpty();
    assertThat(report.failures(Fault.CRASH_AFTER_EFFECT)).hasSize(20);
  }
}
