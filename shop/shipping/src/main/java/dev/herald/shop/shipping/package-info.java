/**
 * The shop's shipping service: {@link dev.herald.shop.shipping.ShippingService} creates a shipment
 * for each order it is told to ship and reports it shipped after a delay, kept in the event store
 * so that a restart loses no pending shipment.
 */
package dev.herald.shop.shipping;
