package dev.herald.shop.app;

import dev.herald.shop.app.chaos.ChaosCounts;
import dev.herald.shop.notifications.Notification;
import dev.herald.shop.orders.Order;
import dev.herald.shop.payments.Payment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the shop holds at one moment, as the {@link Invariants} read it: plain values, so that the
 * checks are pure functions of it. Immutable.
 *
 * @param orders every order placed, as stored
 * @param payments the payment of each order that has one, by order id
 * @param initialStock the stock each SKU was given: its initial stock and what suppliers delivered
 * @param stock the stock of each SKU now
 * @param analyticsRevenueCents the revenue analytics shows
 * @param notifications every line of {@code notifications.log}, in file order
 * @param deadLetters the ids of the events with a pending dead letter, per consumer group (an event
 *     dead-lettered twice is there twice)
 * @param injectedUndecodable the ids of the undecodable events chaos injected, in this run or an
 *     earlier one on the same data, each with the consumer group that must dead-letter it; none
 *     without chaos
 * @param chaos what chaos injected in this run, if it runs
 */
public record ShopSnapshot(
    List<Order> orders,
    Map<String, Payment> payments,
    Map<String, Integer> initialStock,
    Map<String, SkuStock> stock,
    long analyticsRevenueCents,
    List<Notification> notifications,
    Map<String, List<String>> deadLetters,
    Map<String, String> injectedUndecodable,
    Optional<ChaosCounts> chaos) {

  /** Copies the collections. */
  public ShopSnapshot {
    orders = List.copyOf(orders);
    payments = Map.copyOf(payments);
    initialStock = Map.copyOf(initialStock);
    stock = Map.copyOf(stock);
    notifications = List.copyOf(notifications);
    Map<String, List<String>> copy = new HashMap<>();
    deadLetters.forEach((group, ids) -> copy.put(group, List.copyOf(ids)));
    deadLetters = Map.copyOf(copy);
    injectedUndecodable = Map.copyOf(injectedUndecodable);
  }

  /**
   * The stock of one SKU, unchecked (a broken inventory may report anything).
   *
   * @param available how many can be reserved
   * @param reserved how many are put aside for orders not shipped yet
   */
  public record SkuStock(int available, int reserved) {}
}
