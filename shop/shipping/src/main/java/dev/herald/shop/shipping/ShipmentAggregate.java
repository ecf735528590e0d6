package dev.herald.shop.shipping;

import dev.herald.eventstore.Aggregate;

/**
 * Shipments as event-sourced entities, one per order: streams {@code shipment-<orderId>}, folded by
 * {@link Shipment#apply}.
 */
final class ShipmentAggregate implements Aggregate<Shipment, Record> {
  /** The stream category of shipments. */
  static final String CATEGORY = "shipment";

  @Override
  public String category() {
    return CATEGORY;
  }

  @Override
  public Shipment initial() {
    return Shipment.none();
  }

  @Override
  public Shipment apply(Shipment shipment, Record event) {
    return shipment.apply(event);
  }
}
