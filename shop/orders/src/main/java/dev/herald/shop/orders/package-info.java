/**
 * The shop's orders service: the event-sourced {@link dev.herald.shop.orders.Order}, the {@link
 * dev.herald.shop.orders.OrdersService} that records orders in an event store and relays their
 * events to the bus, and its HTTP API, {@link dev.herald.shop.orders.OrdersHttp}.
 */
package dev.herald.shop.orders;
