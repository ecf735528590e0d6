package dev.herald.shop.app;

import dev.herald.shop.app.ShopSnapshot.SkuStock;
import dev.herald.shop.events.Line;
import dev.herald.shop.notifications.Notification;
import dev.herald.shop.orders.Order;
import dev.herald.shop.orders.OrderStatus;
import dev.herald.shop.payments.Payment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The invariants as pure functions of a {@link ShopSnapshot}. Stateless. */
final class InvariantChecks {
  /** Offenders named in a detail at most; the count says how many there were. */
  private static final int SHOWN = 5;

  private InvariantChecks() {}

  static List<Invariant> all(ShopSnapshot s) {
    return List.of(
        ordersFinal(s),
        stockNeverNegative(s),
        stockBalances(s),
        chargedShippedOrRefunded(s),
        revenueMatchesPayments(s),
        notificationsOnce(s),
        deadLettersAreTheInjectedUndecodables(s));
  }

  static Invariant ordersFinal(ShopSnapshot s) {
    List<String> open = new ArrayList<>();
    for (Order order : s.orders()) {
      if (order.status() != OrderStatus.SHIPPED && order.status() != OrderStatus.CANCELLED) {
        open.add(order.id() + " is " + order.status());
      }
    }
    return result(
        "orders-final",
        open,
        s.orders().size() + " orders, each shipped or cancelled",
        "orders not shipped or cancelled");
  }

  static Invariant stockNeverNegative(ShopSnapshot s) {
    List<String> negative = new ArrayList<>();
    s.stock()
        .forEach(
            (sku, level) -> {
              if (level.available() < 0 || level.reserved() < 0) {
                negative.add(sku + " " + level);
              }
            });
    return result(
        "stock-never-negative", negative, s.stock().size() + " SKUs, none below 0", "SKUs below 0");
  }

  static Invariant stockBalances(ShopSnapshot s) {
    Map<String, Integer> shipped = quantities(s, OrderStatus.SHIPPED);
    Map<String, Integer> held = quantities(s, OrderStatus.CONFIRMED);
    List<String> off = new ArrayList<>();
    for (Map.Entry<String, Integer> initial : new TreeMap<>(s.initialStock()).entrySet()) {
      String sku = initial.getKey();
      int expectedReserved = held.getOrDefault(sku, 0);
      int expectedAvailable = initial.getValue() - shipped.getOrDefault(sku, 0) - expectedReserved;
      SkuStock level = s.stock().getOrDefault(sku, new SkuStock(0, 0));
      if (level.available() != expectedAvailable || level.reserved() != expectedReserved) {
        off.add(
            sku
                + " has "
                + level
                + ", expected available "
                + expectedAvailable
                + " (initial "
                + initial.getValue()
                + " minus shipped "
                + shipped.getOrDefault(sku, 0)
                + ") and reserved "
                + expectedReserved);
      }
    }
    return result(
        "stock-ends-at-initial-minus-shipped",
        off,
        s.initialStock().size() + " SKUs at initial minus shipped, none held",
        "SKUs off balance");
  }

  static Invariant chargedShippedOrRefunded(ShopSnapshot s) {
    Map<String, OrderStatus> status = new HashMap<>();
    s.orders().forEach(o -> status.put(o.id(), o.status()));
    List<String> wrong = new ArrayList<>();
    int charged = 0;
    for (Map.Entry<String, Payment> entry : new TreeMap<>(s.payments()).entrySet()) {
      String id = entry.getKey();
      Payment.Status paid = entry.getValue().status();
      OrderStatus order = status.getOrDefault(id, OrderStatus.NEW);
      if (paid == Payment.Status.CAPTURED) {
        charged++;
        if (order != OrderStatus.SHIPPED) {
          wrong.add(id + " is charged and " + order + ", neither shipped nor refunded");
        }
      } else if (paid == Payment.Status.REFUNDED) {
        charged++;
        if (order == OrderStatus.SHIPPED) {
          wrong.add(id + " was shipped and refunded");
        }
      }
    }
    for (Map.Entry<String, OrderStatus> order : new TreeMap<>(status).entrySet()) {
      Payment payment = s.payments().get(order.getKey());
      if (order.getValue() == OrderStatus.SHIPPED
          && (payment == null || payment.status() != Payment.Status.CAPTURED)) {
        wrong.add(order.getKey() + " was shipped without a captured payment");
      }
    }
    return result(
        "charged-orders-shipped-or-refunded",
        wrong,
        charged + " charged orders, each shipped or refunded; every shipped order charged",
        "orders wrongly charged");
  }

  static Invariant revenueMatchesPayments(ShopSnapshot s) {
    long fromPayments = Revenue.of(s.payments().values()).netCents();
    boolean ok = fromPayments == s.analyticsRevenueCents();
    return new Invariant(
        "revenue-equals-captured-minus-refunded",
        ok,
        "analytics shows "
            + s.analyticsRevenueCents()
            + " cents, payments captured minus refunded "
            + fromPayments
            + " cents");
  }

  static Invariant notificationsOnce(ShopSnapshot s) {
    Set<String> seen = new HashSet<>();
    List<String> problems = new ArrayList<>();
    for (Notification n : s.notifications()) {
      if (!seen.add(n.notificationId())) {
        problems.add(n.notificationId() + " sent twice");
      }
    }
    for (Order order : s.orders()) {
      for (String step : expectedSteps(order, s.payments().get(order.id()))) {
        if (!seen.contains(order.id() + "/" + step)) {
          problems.add(order.id() + "/" + step + " never sent");
        }
      }
    }
    return result(
        "each-notification-sent-once",
        problems,
        s.notifications().size() + " notifications, each (order, step) once, none missing",
        "notification problems");
  }

  /**
   * Each group's dead letters are exactly the undecodable events injected for it: none missing,
   * none else. An event dead-lettered twice (read again before its offset was committed) counts
   * once.
   */
  static Invariant deadLettersAreTheInjectedUndecodables(ShopSnapshot s) {
    Map<String, String> injected = s.injectedUndecodable();
    List<String> problems = new ArrayList<>();
    new TreeMap<>(s.deadLetters())
        .forEach(
            (group, ids) -> {
              for (String id : new TreeSet<>(ids)) {
                String expected = injected.get(id);
                if (expected == null) {
                  problems.add(group + " has a dead letter for " + id + ", which was not injected");
                } else if (!expected.equals(group)) {
                  problems.add(
                      group
                          + " has a dead letter for the undecodable "
                          + id
                          + ", meant for "
                          + expected);
                }
              }
            });
    new TreeMap<>(injected)
        .forEach(
            (id, group) -> {
              if (!s.deadLetters().getOrDefault(group, List.of()).contains(id)) {
                problems.add("the undecodable " + id + " is not in the dead letters of " + group);
              }
            });
    int total = s.deadLetters().values().stream().mapToInt(List::size).sum();
    return result(
        "dead-letters-are-the-injected-undecodables",
        problems,
        total
            + " dead letters in "
            + s.deadLetters().size()
            + " consumer groups, for exactly the "
            + injected.size()
            + " undecodable events injected, each in the group that handles its type",
        "dead-letter problems");
  }

  private static List<String> expectedSteps(Order order, Payment payment) {
    List<String> steps = new ArrayList<>(List.of("placed"));
    switch (order.status()) {
      case SHIPPED -> steps.addAll(List.of("confirmed", "shipped"));
      case CANCELLED -> steps.add("cancelled");
      default -> {
        // not final: the orders-final invariant reports it
      }
    }
    if (payment != null && payment.status() == Payment.Status.REFUNDED) {
      steps.add("refunded");
    }
    return steps;
  }

  private static Map<String, Integer> quantities(ShopSnapshot s, OrderStatus status) {
    Map<String, Integer> bySku = new HashMap<>();
    for (Order order : s.orders()) {
      if (order.status() == status) {
        for (Line line : order.lines()) {
          bySku.merge(line.sku(), line.quantity(), Integer::sum);
        }
      }
    }
    return bySku;
  }

  private static Invariant result(
      String name, List<String> offenders, String okDetail, String what) {
    if (offenders.isEmpty()) {
      return new Invariant(name, true, okDetail);
    }
    List<String> shown = offenders.subList(0, Math.min(SHOWN, offenders.size()));
    return new Invariant(
        name,
        false,
        offenders.size()
            + " "
            + what
            + ": "
            + String.join("; ", shown)
            + (offenders.size() > SHOWN ? "; …" : ""));
  }
}
