package dev.herald.shop.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.shop.app.ShopSnapshot.SkuStock;
import dev.herald.shop.app.chaos.ChaosCounts;
import dev.herald.shop.events.Line;
import dev.herald.shop.notifications.Notification;
import dev.herald.shop.orders.Order;
import dev.herald.shop.orders.OrderStatus;
import dev.herald.shop.payments.Payment;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Each invariant against a consistent snapshot, where it holds, and against one made inconsistent
 * in exactly the way it guards against, where it must fail.
 */
class InvariantChecksTest {
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  // o-1 shipped and paid; o-2 cancelled after a late capture, refunded; o-3 cancelled, declined
  private static final Order SHIPPED =
      order("o-1", OrderStatus.SHIPPED, List.of(new Line("TEA", 2, 100)));
  private static final Order REFUNDED =
      order("o-2", OrderStatus.CANCELLED, List.of(new Line("POT", 1, 500)));
  private static final Order DECLINED =
      order("o-3", OrderStatus.CANCELLED, List.of(new Line("TEA", 1, 100)));

  @Test
  void all_consistentSnapshot_everyInvariantHolds() {
    ShopReport report = ShopReport.of(consistent().build(), Duration.ofSeconds(1));

    assertThat(report.invariants()).hasSize(7).allSatisfy(i -> assertThat(i.ok()).isTrue());
    assertThat(report.ok()).isTrue();
    assertThat(report.revenue()).isEqualTo(new Revenue(700, 500));
  }

  @Test
  void ordersFinal_anOrderStillPlaced_fails() {
    Snapshot s = consistent();
    Order open = order("o-4", OrderStatus.PLACED, List.of(new Line("TEA", 1, 100)));
    s.orders.add(open);
    s.notifications.add(note("o-4", "placed"));

    assertThat(failed(s)).containsExactly("orders-final");
    assertThat(detail(s, "orders-final")).contains("o-4 is PLACED");
  }

  @Test
  void stockNeverNegative_aNegativeLevel_fails() {
    Snapshot s = consistent();
    s.stock.put("POT", new SkuStock(-1, 0));

    assertThat(failed(s)).contains("stock-never-negative");
    assertThat(detail(s, "stock-never-negative")).contains("POT");
  }

  @Test
  void stockBalances_stockNotTakenForAShippedOrder_fails() {
    Snapshot s = consistent();
    s.stock.put("TEA", new SkuStock(10, 0));

    assertThat(failed(s)).containsExactly("stock-ends-at-initial-minus-shipped");
    assertThat(detail(s, "stock-ends-at-initial-minus-shipped"))
        .contains("TEA has", "expected available 8");
  }

  @Test
  void stockBalances_stockStillReservedForACancelledOrder_fails() {
    Snapshot s = consistent();
    s.stock.put("POT", new SkuStock(4, 1));

    assertThat(failed(s)).containsExactly("stock-ends-at-initial-minus-shipped");
  }

  @Test
  void chargedShippedOrRefunded_aCancelledOrderKeptItsMoney_fails() {
    Snapshot s = consistent();
    s.payments.put("o-2", new Payment("o-2", Payment.Status.CAPTURED, "p-2", 500, ""));
    s.notifications.removeIf(n -> n.notificationId().equals("o-2/refunded"));
    s.analyticsRevenue = 700;

    assertThat(failed(s)).containsExactly("charged-orders-shipped-or-refunded");
    assertThat(detail(s, "charged-orders-shipped-or-refunded")).contains("o-2 is charged");
  }

  @Test
  void chargedShippedOrRefunded_anOrderShippedUnpaid_fails() {
    Snapshot s = consistent();
    s.payments.remove("o-1");
    s.analyticsRevenue = 0;

    assertThat(failed(s)).containsExactly("charged-orders-shipped-or-refunded");
    assertThat(detail(s, "charged-orders-shipped-or-refunded"))
        .contains("o-1 was shipped without a captured payment");
  }

  @Test
  void revenue_analyticsDisagreesWithThePayments_fails() {
    Snapshot s = consistent();
    s.analyticsRevenue = 700; // the refund not taken off

    assertThat(failed(s)).containsExactly("revenue-equals-captured-minus-refunded");
  }

  @Test
  void notificationsOnce_aStepWrittenTwice_fails() {
    Snapshot s = consistent();
    s.notifications.add(note("o-1", "shipped"));

    assertThat(failed(s)).containsExactly("each-notification-sent-once");
    assertThat(detail(s, "each-notification-sent-once")).contains("o-1/shipped sent twice");
  }

  @Test
  void notificationsOnce_aStepNeverWritten_fails() {
    Snapshot s = consistent();
    s.notifications.removeIf(n -> n.notificationId().equals("o-2/refunded"));

    assertThat(failed(s)).containsExactly("each-notification-sent-once");
    assertThat(detail(s, "each-notification-sent-once")).contains("o-2/refunded never sent");
  }

  @Test
  void deadLetters_withoutChaos_anyDeadLetterFails() {
    Snapshot s = consistent();
    s.deadLetters.put("shop-payments", List.of("e-9"));

    assertThat(failed(s)).containsExactly("dead-letters-are-the-injected-undecodables");
    assertThat(detail(s, "dead-letters-are-the-injected-undecodables"))
        .contains("shop-payments has a dead letter for e-9, which was not injected");
  }

  @Test
  void deadLetters_exactlyTheInjectedUndecodables_eachInItsGroup_hold() {
    Snapshot s = consistent();
    s.injected.put("u-1", "shop-payments");
    s.injected.put("u-2", "shop-inventory");
    s.deadLetters.put("shop-payments", List.of("u-1"));
    s.deadLetters.put("shop-inventory", List.of("u-2", "u-2")); // read again before its commit

    assertThat(failed(s)).isEmpty();
  }

  @Test
  void deadLetters_oneMoreThanTheInjectedUndecodables_fails() {
    Snapshot s = consistent();
    s.injected.put("u-1", "shop-payments");
    s.deadLetters.put("shop-payments", List.of("u-1", "e-9"));

    assertThat(failed(s)).containsExactly("dead-letters-are-the-injected-undecodables");
    assertThat(detail(s, "dead-letters-are-the-injected-undecodables"))
        .startsWith("1 dead-letter problems")
        .contains("shop-payments has a dead letter for e-9, which was not injected");
  }

  @Test
  void deadLetters_anInjectedUndecodableMissing_fails() {
    Snapshot s = consistent();
    s.injected.put("u-1", "shop-payments");
    s.injected.put("u-2", "shop-inventory");
    s.deadLetters.put("shop-payments", List.of("u-1"));

    assertThat(failed(s)).containsExactly("dead-letters-are-the-injected-undecodables");
    assertThat(detail(s, "dead-letters-are-the-injected-undecodables"))
        .contains("the undecodable u-2 is not in the dead letters of shop-inventory");
  }

  @Test
  void deadLetters_anUndecodableInAnotherGroupsDeadLetters_fails() {
    Snapshot s = consistent();
    s.injected.put("u-1", "shop-payments");
    s.deadLetters.put("shop-inventory", List.of("u-1"));

    assertThat(failed(s)).containsExactly("dead-letters-are-the-injected-undecodables");
    assertThat(detail(s, "dead-letters-are-the-injected-undecodables"))
        .contains(
            "shop-inventory has a dead letter for the undecodable u-1, meant for shop-payments",
            "the undecodable u-1 is not in the dead letters of shop-payments");
  }

  @Test
  void toJson_oneObjectWithTheIssuesFields() throws Exception {
    Snapshot s = consistent();
    s.analyticsRevenue = 1;
    ShopReport report = ShopReport.of(s.build(), Duration.ofMillis(1_234));

    JsonNode json = new ObjectMapper().readTree(report.toJson());

    assertThat(json.get("orders").get("total").asInt()).isEqualTo(3);
    assertThat(json.get("orders").get("shipped").asInt()).isEqualTo(1);
    assertThat(json.get("orders").get("cancelled").asInt()).isEqualTo(2);
    assertThat(json.get("revenue").get("analyticsCents").asLong()).isEqualTo(1);
    assertThat(json.get("revenue").get("paymentsCents").asLong()).isEqualTo(200);
    assertThat(json.get("stock").get("TEA").get("available").asInt()).isEqualTo(8);
    assertThat(json.get("notifications").asInt()).isEqualTo(8);
    assertThat(json.get("deadLetters").asInt()).isZero();
    assertThat(json.get("elapsedMs").asLong()).isEqualTo(1_234);
    assertThat(json.get("invariants")).hasSize(7);
    assertThat(json.get("invariants").get(4).get("name").asText())
        .isEqualTo("revenue-equals-captured-minus-refunded");
    assertThat(json.get("invariants").get(4).get("ok").asBoolean()).isFalse();
    assertThat(json.get("ok").asBoolean()).isFalse();
    assertThat(json.has("chaos")).as("no chaos ran").isFalse();
  }

  @Test
  void toJson_afterChaos_saysWhatItInjected() throws Exception {
    Snapshot s = consistent();
    s.injected.put("u-1", "shop-payments");
    s.deadLetters.put("shop-payments", List.of("u-1"));
    s.chaos = Optional.of(new ChaosCounts(3, 4, 5, Map.of("u-1", "shop-payments")));

    JsonNode json = new ObjectMapper().readTree(ShopReport.of(s.build(), Duration.ZERO).toJson());

    assertThat(json.get("chaos").get("duplicates").asLong()).isEqualTo(3);
    assertThat(json.get("chaos").get("redeliveries").asLong()).isEqualTo(4);
    assertThat(json.get("chaos").get("crashes").asLong()).isEqualTo(5);
    assertThat(json.get("chaos").get("undecodable").asInt()).isEqualTo(1);
    assertThat(json.get("deadLetters").asInt()).isEqualTo(1);
    assertThat(json.get("ok").asBoolean()).isTrue();
  }

  private static List<String> failed(Snapshot s) {
    return InvariantChecks.all(s.build()).stream()
        .filter(i -> !i.ok())
        .map(Invariant::name)
        .toList();
  }

  private static String detail(Snapshot s, String name) {
    return InvariantChecks.all(s.build()).stream()
        .filter(i -> i.name().equals(name))
        .findFirst()
        .orElseThrow()
        .detail();
  }

  private static Snapshot consistent() {
    Snapshot s = new Snapshot();
    s.orders.addAll(List.of(SHIPPED, REFUNDED, DECLINED));
    s.payments.put("o-1", new Payment("o-1", Payment.Status.CAPTURED, "p-1", 200, ""));
    s.payments.put("o-2", new Payment("o-2", Payment.Status.REFUNDED, "p-2", 500, ""));
    s.payments.put("o-3", new Payment("o-3", Payment.Status.FAILED, "", 0, "declined"));
    s.stock.put("TEA", new SkuStock(8, 0));
    s.stock.put("POT", new SkuStock(5, 0));
    s.analyticsRevenue = 200;
    for (String step : List.of("placed", "confirmed", "shipped")) {
      s.notifications.add(note("o-1", step));
    }
    for (String step : List.of("placed", "cancelled", "refunded")) {
      s.notifications.add(note("o-2", step));
    }
    for (String step : List.of("placed", "cancelled")) {
      s.notifications.add(note("o-3", step));
    }
    s.deadLetters.put("shop-payments", List.of());
    return s;
  }

  private static Order order(String id, OrderStatus status, List<Line> lines) {
    long total = lines.stream().mapToLong(Line::cents).sum();
    return new Order(id, "c-1", status, lines, total, T, "", "");
  }

  private static Notification note(String orderId, String step) {
    return new Notification(T, "c-1", orderId, step, "about " + orderId);
  }

  /** A snapshot under construction, to break one thing at a time. */
  private static final class Snapshot {
    final List<Order> orders = new ArrayList<>();
    final Map<String, Payment> payments = new HashMap<>();
    final Map<String, SkuStock> stock = new HashMap<>();
    final List<Notification> notifications = new ArrayList<>();
    final Map<String, List<String>> deadLetters = new HashMap<>();
    final Map<String, String> injected = new HashMap<>();
    long analyticsRevenue;
    Optional<ChaosCounts> chaos = Optional.empty();

    ShopSnapshot build() {
      return new ShopSnapshot(
          orders,
          payments,
          Map.of("TEA", 10, "POT", 5),
          stock,
          analyticsRevenue,
          notifications,
          deadLetters,
          injected,
          chaos);
    }
  }
}
