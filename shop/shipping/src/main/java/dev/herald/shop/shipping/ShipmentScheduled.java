package dev.herald.shop.shipping;

import dev.herald.core.EventType;
import java.time.Instant;

/**
 * Shipping's own record of when a created shipment leaves: what lets a restarted service ship it on
 * time. Relayed to {@code shop.shipping} like the others; services that do not handle it skip it.
 */
@EventType(name = "shop.shipping.scheduled", key = "orderId")
public record ShipmentScheduled(String orderId, String shipmentId, Instant dueAt) {}
