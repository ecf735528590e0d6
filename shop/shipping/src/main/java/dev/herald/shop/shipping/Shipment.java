package dev.herald.shop.shipping;

import dev.herald.core.HeraldException;
import dev.herald.shop.events.ShippingEvents.ShipmentCreated;
import dev.herald.shop.events.ShippingEvents.ShipmentShipped;
import java.time.Instant;
import java.util.List;

/**
 * One order's shipment, and the decisions on it: each returns the events that record it, none when
 * it changes nothing (an order shipped before, a shipment not due yet). Decisions have no side
 * effects. Immutable.
 *
 * @param orderId the order shipped; empty while {@link Status#NONE}
 * @param status where the shipment is
 * @param shipmentId the parcel's id; empty while none
 * @param dueAt when it leaves; {@link Instant#EPOCH} while none
 */
public record Shipment(String orderId, Status status, String shipmentId, Instant dueAt) {
  /** Where an order's shipment is. */
  public enum Status {
    /** No shipment. */
    NONE,
    /** Being packed; leaves at {@code dueAt}. */
    CREATED,
    /** Left. Final. */
    SHIPPED
  }

  /** The shipment of an order never shipped. */
  public static Shipment none() {
    return new Shipment("", Status.NONE, "", Instant.EPOCH);
  }

  /** Creates the order's shipment, leaving at {@code dueAt}; nothing if it has one already. */
  public List<Record> create(String orderId, String shipmentId, Instant dueAt) {
    if (status != Status.NONE) {
      return List.of();
    }
    return List.of(
        new ShipmentCreated(orderId, shipmentId),
        new ShipmentScheduled(orderId, shipmentId, dueAt));
  }

  /** Ships the shipment if it is due at {@code now}; nothing if it is not, or shipped already. */
  public List<Record> shipIfDue(Instant now) {
    if (status != Status.CREATED || now.isBefore(dueAt)) {
      return List.of();
    }
    return List.of(new ShipmentShipped(orderId, shipmentId));
  }

  /** The state after {@code event}. */
  Shipment apply(Record event) {
    return switch (event) {
      case ShipmentCreated c -> new Shipment(c.orderId(), Status.CREATED, c.shipmentId(), dueAt);
      case ShipmentScheduled s -> new Shipment(orderId, status, shipmentId, s.dueAt());
      case ShipmentShipped s -> new Shipment(orderId, Status.SHIPPED, shipmentId, dueAt);
      default ->
          throw new HeraldException(
              "a shipment has no use for a " + event.getClass().getSimpleName());
    };
  }
}
