package dev.herald.shop.shipping;

import dev.herald.eventstore.AggregateRepository;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.EventSubscription;
import dev.herald.eventstore.RecordedEvent;
import dev.herald.eventstore.StreamFilter;
import dev.herald.eventstore.SubscriptionListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships created shipments once the clock passes their due time. It follows the shipment streams
 * from the start of the store into a map of pending shipments, so a restarted service knows every
 * one again and ships at once those that fell due while it was down, and looks at the map every
 * poll interval against the injected clock. Shipping goes through {@link Shipment#shipIfDue}, so a
 * shipment ships once even when two instances see it due. A shipment that fails to ship is logged
 * and tried again at the next look. Thread-safe.
 */
final class DueShipments implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DueShipments.class);

  private final AggregateRepository<Shipment, Record> shipments;
  private final Clock clock;
  private final Map<String, Instant> pending = new ConcurrentHashMap<>();
  private final AtomicLong looks = new AtomicLong();
  private final EventSubscription subscription;
  private final ScheduledExecutorService ticker;

  DueShipments(
      EventStore store,
      AggregateRepository<Shipment, Record> shipments,
      Clock clock,
      Duration poll) {
    this.shipments = shipments;
    this.clock = clock;
    this.subscription =
        store.subscribe(StreamFilter.category(ShipmentAggregate.CATEGORY), 0, new Follower());
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "shop-shipping-due");
              thread.setDaemon(true);
              return thread;
            });
    // shipDue catches what it throws: an escaping exception would end the schedule for good
    var unused =
        ticker.scheduleWithFixedDelay(this::shipDue, 0, poll.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** How many times it has looked for due shipments since it started. */
  long looks() {
    return looks.get();
  }

  /** The order ids of shipments created and not shipped yet, as far as it has followed. */
  List<String> pending() {
    return List.copyOf(pending.keySet());
  }

  private void shipDue() {
    try {
      Instant now = clock.instant();
      for (Map.Entry<String, Instant> due : pending.entrySet()) {
        if (!now.isBefore(due.getValue())) {
          ship(due.getKey(), now);
        }
      }
    } catch (RuntimeException e) {
      log.warn("looking for due shipments failed; looking again soon: {}", e.toString());
    }
    looks.incrementAndGet();
  }

  private void ship(String orderId, Instant now) {
    try {
      shipments.handle(orderId, shipment -> shipment.shipIfDue(now));
    } catch (RuntimeException e) {
      log.warn("shipment of order {} could not ship; trying again soon: {}", orderId, e.toString());
    }
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    subscription.close();
  }

  private final class Follower implements SubscriptionListener {
    @Override
    public void event(RecordedEvent event) {
      String orderId = event.stream().substring(ShipmentAggregate.CATEGORY.length() + 1);
      Shipment shipment = shipments.load(orderId).state();
      if (shipment.status() == Shipment.Status.CREATED) {
        pending.put(orderId, shipment.dueAt());
      } else {
        pending.remove(orderId);
      }
    }

    @Override
    public void stopped(Throwable error) {
      if (error != null) {
        log.error(
            "shipping stopped following the store and will not see new shipments until it"
                + " restarts: {}",
            error.toString());
      }
    }
  }
}
