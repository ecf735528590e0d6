package dev.herald.eventstore.example;

import dev.herald.core.EventType;
import dev.herald.eventstore.Aggregate;
import java.util.List;

/** An order, event-sourced: the example the event store's tests and docs use. */
public final class Orders implements Aggregate<Orders.Order, Orders.OrderEvent> {
  /** What happens to an order. */
  public sealed interface OrderEvent permits OrderPlaced, OrderPaid, OrderCancelled {}

  @EventType(name = "example.order.placed", key = "orderId")
  public record OrderPlaced(String orderId, String sku, int cents) implements OrderEvent {}

  @EventType(name = "example.order.paid", key = "orderId")
  public record OrderPaid(String orderId, int cents) implements OrderEvent {}

  @EventType(name = "example.order.cancelled", key = "orderId")
  public record OrderCancelled(String orderId, String reason) implements OrderEvent {}

  /** The order's state. */
  public record Order(String id, String status, int cents, int paid) {
    /** Pays the order in full; refused if it is not placed or already paid. */
    public List<OrderEvent> pay(int amount) {
      if (status.equals("new")) {
        throw new IllegalStateException("order " + id + " was never placed");
      }
      if (paid >= cents) {
        throw new IllegalStateException("order " + id + " is already paid");
      }
      if (amount != cents - paid) {
        throw new IllegalArgumentException(
            "order " + id + " needs " + (cents - paid) + " cents, not " + amount);
      }
      return List.of(new OrderPaid(id, amount));
    }

    /** Cancels the order unless it is paid; cancelling twice decides nothing. */
    public List<OrderEvent> cancel(String reason) {
      if (status.equals("cancelled")) {
        return List.of();
      }
      if (paid > 0) {
        throw new IllegalStateException("order " + id + " is paid; refund it instead");
      }
      return List.of(new OrderCancelled(id, reason));
    }
  }

  /** Places order {@code id}; refused if it exists. */
  public static List<OrderEvent> place(Order order, String id, String sku, int cents) {
    if (!order.status().equals("new")) {
      throw new IllegalStateException("order " + id + " exists already");
    }
    return List.of(new OrderPlaced(id, sku, cents));
  }

  @Override
  public String category() {
    return "order";
  }

  @Override
  public Order initial() {
    return new Order("", "new", 0, 0);
  }

  @Override
  public Order apply(Order order, OrderEvent event) {
    return switch (event) {
      case OrderPlaced placed -> new Order(placed.orderId(), "placed", placed.cents(), 0);
      case OrderPaid paid ->
          new Order(order.id(), "paid", order.cents(), order.paid() + paid.cents());
      case OrderCancelled cancelled ->
          new Order(order.id(), "cancelled", order.cents(), order.paid());
    };
  }
}
