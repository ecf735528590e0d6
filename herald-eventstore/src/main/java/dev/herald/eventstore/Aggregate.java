package dev.herald.eventstore;

/**
 * How an event-sourced entity's state comes from its events: a starting state and a fold. Commands
 * ({@link Command}) look at the state and return new events; {@link AggregateRepository} loads the
 * state by replaying the entity's stream and appends what a command returns.
 *
 * <pre>{@code
 * sealed interface OrderEvent permits OrderPlaced, OrderPaid, OrderCancelled {}
 *
 * record Order(String status, int total) {}
 *
 * final class Orders implements Aggregate<Order, OrderEvent> {
 *   public String category() { return "order"; }
 *   public Order initial() { return new Order("new", 0); }
 *   public Order apply(Order order, OrderEvent event) {
 *     return switch (event) {
 *       case OrderPlaced placed -> new Order("placed", placed.total());
 *       case OrderPaid paid -> new Order("paid", order.total());
 *       case OrderCancelled cancelled -> new Order("cancelled", order.total());
 *     };
 *   }
 * }
 * }</pre>
 *
 * @param <S> the state, an immutable value (a record: snapshots store it as JSON)
 * @param <E> the events, usually a sealed interface of {@code @EventType} records
 */
public interface Aggregate<S, E> {
  /** The stream category of this kind of entity: streams are named {@code category-id}. */
  String category();

  /** The state of an entity with no events. */
  S initial();

  /** The state after {@code event}; must not fail for an event the entity once accepted. */
  S apply(S state, E event);

  /** The stream of the entity {@code id}. */
  default String stream(String id) {
    return category() + "-" + id;
  }
}
