package dev.herald.shop.orders;

import dev.herald.shop.events.Catalog;
import dev.herald.shop.events.Line;
import dev.herald.shop.events.OrderEvents.OrderCancelled;
import dev.herald.shop.events.OrderEvents.OrderConfirmed;
import dev.herald.shop.events.OrderEvents.OrderEvent;
import dev.herald.shop.events.OrderEvents.OrderPlaced;
import dev.herald.shop.events.OrderEvents.OrderShipped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * An order's state, and the decisions on it: each command returns the events that record it, none
 * when it changes nothing (confirming a confirmed order), or throws {@link InvalidOrderException}
 * or {@link OrderStateException} to refuse. Commands have no side effects. Immutable.
 *
 * @param id the order id; empty while {@link OrderStatus#NEW}
 * @param customerId who placed it; empty while new
 * @param status where it is
 * @param lines what was ordered, priced when placed
 * @param totalCents the sum of the lines
 * @param placedAt when it was placed; {@link Instant#EPOCH} while new
 * @param cancelReason why it was cancelled; empty unless cancelled
 * @param shipmentId the parcel it left in; empty unless shipped
 */
public record Order(
    String id,
    String customerId,
    OrderStatus status,
    List<Line> lines,
    long totalCents,
    Instant placedAt,
    String cancelReason,
    String shipmentId) {
  /** Fewest of one SKU a line may ask for. */
  public static final int MIN_QUANTITY = 1;

  /** Most of one SKU a line may ask for: more is a typo or abuse, not an order. */
  public static final int MAX_QUANTITY = 100;

  /** Most lines one order may have. */
  public static final int MAX_LINES = 50;

  /** Copies the lines. */
  public Order {
    lines = List.copyOf(lines);
  }

  /** The state of an order id with no events. */
  public static Order none() {
    return new Order("", "", OrderStatus.NEW, List.of(), 0, Instant.EPOCH, "", "");
  }

  /**
   * Places order {@code orderId}: each line a known SKU of {@code catalog}, once, {@value
   * #MIN_QUANTITY} to {@value #MAX_QUANTITY} of it, priced from the catalog.
   *
   * @throws OrderStateException if the order was placed already
   * @throws InvalidOrderException if a line breaks a rule, naming the line and the rule
   */
  public List<OrderEvent> place(
      String orderId, String customerId, List<LineRequest> wanted, Catalog catalog, Instant at) {
    if (status != OrderStatus.NEW) {
      throw new OrderStateException("order " + orderId + " exists already; place it once");
    }
    if (customerId == null || customerId.isBlank()) {
      throw new InvalidOrderException("an order needs a customerId");
    }
    if (wanted.isEmpty() || wanted.size() > MAX_LINES) {
      throw new InvalidOrderException(
          "an order has 1 to " + MAX_LINES + " lines, this one has " + wanted.size());
    }
    List<Line> priced = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    long total = 0;
    for (int i = 0; i < wanted.size(); i++) {
      LineRequest line = wanted.get(i);
      String where = "lines[" + i + "]";
      if (line.quantity() < MIN_QUANTITY || line.quantity() > MAX_QUANTITY) {
        throw new InvalidOrderException(
            where
                + ": quantity "
                + line.quantity()
                + " is out of range; order "
                + MIN_QUANTITY
                + " to "
                + MAX_QUANTITY
                + " of one SKU");
      }
      Catalog.Item item =
          catalog
              .find(line.sku())
              .orElseThrow(
                  () ->
                      new InvalidOrderException(
                          where
                              + ": unknown SKU '"
                              + line.sku()
                              + "'; the catalog does not sell it"));
      if (!seen.add(item.sku())) {
        throw new InvalidOrderException(
            where + ": SKU " + item.sku() + " is listed twice; put its quantity on one line");
      }
      Line ordered = new Line(item.sku(), (int) line.quantity(), item.unitCents());
      priced.add(ordered);
      total += ordered.cents();
    }
    return List.of(new OrderPlaced(orderId, customerId, priced, total, at));
  }

  /**
   * Confirms the order once stock and payment are settled; a confirmed or shipped order stays as it
   * is.
   *
   * @throws OrderStateException if it was never placed or is cancelled
   */
  public List<OrderEvent> confirm() {
    return switch (status) {
      case PLACED -> List.of(new OrderConfirmed(id));
      case CONFIRMED, SHIPPED -> List.of();
      case NEW -> throw never("confirmed");
      case CANCELLED -> throw cancelled("confirmed");
    };
  }

  /**
   * Cancels the order for {@code reason}; a cancelled order stays as it is.
   *
   * @throws OrderStateException if it was never placed or has shipped
   */
  public List<OrderEvent> cancel(String reason) {
    return switch (status) {
      case PLACED, CONFIRMED -> List.of(new OrderCancelled(id, reason));
      case CANCELLED -> List.of();
      case NEW -> throw never("cancelled");
      case SHIPPED ->
          throw new OrderStateException("order " + id + " has shipped and cannot be cancelled");
    };
  }

  /**
   * Records that the order left in parcel {@code shipmentId}; a shipped order stays as it is.
   *
   * @throws OrderStateException if it is not confirmed (never placed, not paid yet, or cancelled)
   */
  public List<OrderEvent> markShipped(String shipmentId) {
    return switch (status) {
      case CONFIRMED -> List.of(new OrderShipped(id, shipmentId));
      case SHIPPED -> List.of();
      case NEW -> throw never("shipped");
      case PLACED ->
          throw new OrderStateException(
              "order " + id + " is not confirmed yet and cannot be shipped; confirm it first");
      case CANCELLED -> throw cancelled("shipped");
    };
  }

  /** The state after {@code event}. */
  Order apply(OrderEvent event) {
    return switch (event) {
      case OrderPlaced p ->
          new Order(
              p.orderId(),
              p.customerId(),
              OrderStatus.PLACED,
              p.lines(),
              p.totalCents(),
              p.placedAt(),
              "",
              "");
      case OrderConfirmed c -> withStatus(OrderStatus.CONFIRMED, cancelReason, shipmentId);
      case OrderCancelled c -> withStatus(OrderStatus.CANCELLED, c.reason(), shipmentId);
      case OrderShipped s -> withStatus(OrderStatus.SHIPPED, cancelReason, s.shipmentId());
    };
  }

  private Order withStatus(OrderStatus next, String reason, String shipment) {
    return new Order(id, customerId, next, lines, totalCents, placedAt, reason, shipment);
  }

  private OrderStateException never(String what) {
    return new OrderStateException("the order was never placed and cannot be " + what);
  }

  private OrderStateException cancelled(String what) {
    return new OrderStateException(
        "order " + id + " is cancelled (" + cancelReason + ") and cannot be " + what);
  }
}
