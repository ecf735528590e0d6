package dev.herald.shop.inventory;

import dev.herald.shop.events.Line;
import java.util.List;

/**
 * What inventory decided for one order.
 *
 * @param status where the reservation is
 * @param lines the lines put aside; empty if rejected
 * @param reason why it was rejected; empty otherwise
 */
public record Reservation(Status status, List<Line> lines, String reason) {
  /** Where an order's reservation is. */
  public enum Status {
    /** Every line is put aside. */
    RESERVED,
    /** Not enough stock for a line; nothing was put aside. Final. */
    REJECTED,
    /** Put aside, then given back. Final. */
    RELEASED,
    /** Put aside, then left in a parcel. Final. */
    SHIPPED
  }

  /** Copies the lines. */
  public Reservation {
    lines = List.copyOf(lines);
  }

  Reservation with(Status next) {
    return new Reservation(next, lines, reason);
  }
}
