package dev.herald.shop.orders;

import dev.herald.eventstore.AggregateRepository;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.EventSubscription;
import dev.herald.eventstore.RecordedEvent;
import dev.herald.eventstore.StreamFilter;
import dev.herald.eventstore.SubscriptionListener;
import dev.herald.shop.events.OrderEvents.OrderEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest orders, newest placed first: an in-memory view fed by a subscription to the order
 * streams from the start of the store, so it is rebuilt on every start. Keeps the {@value #KEPT}
 * most recently placed. Thread-safe; the view trails the store by the subscription's lag.
 */
final class LatestOrders implements AutoCloseable {
  static final int KEPT = 10_000;
  private static final Logger log = LoggerFactory.getLogger(LatestOrders.class);

  private final AggregateRepository<Order, OrderEvent> orders;
  private final Map<String, Order> byId =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Order> eldest) {
          return size() > KEPT;
        }
      };
  private final EventSubscription subscription;

  LatestOrders(EventStore store, AggregateRepository<Order, OrderEvent> orders) {
    this.orders = orders;
    this.subscription =
        store.subscribe(StreamFilter.category(OrderAggregate.CATEGORY), 0, new Listener());
  }

  /** Up to {@code limit} orders, the most recently placed first. */
  synchronized List<Order> latest(int limit) {
    List<Order> all = new ArrayList<>(byId.values());
    List<Order> newest = new ArrayList<>(Math.min(limit, all.size()));
    for (int i = all.size() - 1; i >= 0 && newest.size() < limit; i--) {
      newest.add(all.get(i));
    }
    return newest;
  }

  private synchronized void put(Order order) {
    // replacing keeps the entry where it was: the order is listed by when it was placed
    byId.put(order.id(), order);
  }

  @Override
  public void close() {
    subscription.close();
  }

  private final class Listener implements SubscriptionListener {
    @Override
    public void event(RecordedEvent event) {
      String id = event.stream().substring(OrderAggregate.CATEGORY.length() + 1);
      put(orders.load(id).state());
    }

    @Override
    public void stopped(Throwable error) {
      if (error != null) {
        log.error("the latest-orders view stopped following the store: {}", error.toString());
      }
    }
  }
}
