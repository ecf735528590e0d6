package dev.herald.shop.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.shop.app.ShopSnapshot.SkuStock;
import dev.herald.shop.app.chaos.ChaosCounts;
import dev.herald.shop.orders.Order;
import dev.herald.shop.orders.OrderStatus;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of a run: its figures and every {@link Invariant}. Immutable.
 *
 * @param snapshot what the shop held when it was checked
 * @param revenue captured and refunded money, recomputed from the payments
 * @param elapsed from the start of the run until the check
 * @param invariants every rule, in a fixed order
 */
public record ShopReport(
    ShopSnapshot snapshot, Revenue revenue, Duration elapsed, List<Invariant> invariants) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Copies the list. */
  public ShopReport {
    invariants = List.copyOf(invariants);
  }

  /** The report of {@code snapshot}: checks every invariant. */
  public static ShopReport of(ShopSnapshot snapshot, Duration elapsed) {
    return new ShopReport(
        snapshot, Revenue.of(snapshot.payments().values()), elapsed, InvariantChecks.all(snapshot));
  }

  /** Whether every invariant holds. */
  public boolean ok() {
    return invariants.stream().allMatch(Invariant::ok);
  }

  /** How many orders are in each state, every state listed. */
  public Map<OrderStatus, Integer> ordersByState() {
    Map<OrderStatus, Integer> counts = new EnumMap<>(OrderStatus.class);
    for (OrderStatus status : OrderStatus.values()) {
      counts.put(status, 0);
    }
    for (Order order : snapshot.orders()) {
      counts.merge(order.status(), 1, Integer::sum);
    }
    return counts;
  }

  /** Pending dead letters over every consumer group. */
  public int deadLetters() {
    return snapshot.deadLetters().values().stream().mapToInt(List::size).sum();
  }

  /**
   * The report as one JSON object: {@code orders} (total and per state), {@code revenue}, {@code
   * stock} per SKU, {@code notifications}, {@code deadLetters}, {@code elapsedMs}, {@code
   * invariants} (each with {@code name}, {@code ok}, {@code detail}) and {@code ok}.
   */
  public String toJson() {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode orders = root.putObject("orders");
    orders.put("total", snapshot.orders().size());
    ordersByState()
        .forEach(
            (status, count) -> {
              if (status != OrderStatus.NEW) {
                orders.put(status.name().toLowerCase(Locale.ROOT), count);
              }
            });
    ObjectNode money = root.putObject("revenue");
    money.put("analyticsCents", snapshot.analyticsRevenueCents());
    money.put("capturedCents", revenue.capturedCents());
    money.put("refundedCents", revenue.refundedCents());
    money.put("paymentsCents", revenue.netCents());
    ObjectNode stock = root.putObject("stock");
    for (Map.Entry<String, SkuStock> level : new TreeMap<>(snapshot.stock()).entrySet()) {
      ObjectNode sku = stock.putObject(level.getKey());
      sku.put("initial", snapshot.initialStock().getOrDefault(level.getKey(), 0));
      sku.put("available", level.getValue().available());
      sku.put("reserved", level.getValue().reserved());
    }
    root.put("notifications", snapshot.notifications().size());
    root.put("deadLetters", deadLetters());
    if (snapshot.chaos().isPresent()) {
      ChaosCounts c = snapshot.chaos().get();
      root.putObject("chaos")
          .put("duplicates", c.duplicates())
          .put("redeliveries", c.redeliveries())
          .put("crashes", c.crashes())
          .put("undecodable", c.undecodable().size());
    }
    root.put("elapsedMs", elapsed.toMillis());
    var list = root.putArray("invariants");
    for (Invariant invariant : invariants) {
      list.addObject()
          .put("name", invariant.name())
          .put("ok", invariant.ok())
          .put("detail", invariant.detail());
    }
    root.put("ok", ok());
    return root.toString();
  }
}
