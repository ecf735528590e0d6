package dev.herald.shop.orders;

import dev.herald.eventstore.Aggregate;
import dev.herald.shop.events.OrderEvents.OrderEvent;

/** Orders as event-sourced entities: streams {@code order-<id>}, folded by {@link Order#apply}. */
public final class OrderAggregate implements Aggregate<Order, OrderEvent> {
  /** The stream category of orders. */
  public static final String CATEGORY = "order";

  @Override
  public String category() {
    return CATEGORY;
  }

  @Override
  public Order initial() {
    return Order.none();
  }

  @Override
  public Order apply(Order order, OrderEvent event) {
    return order.apply(event);
  }
}
