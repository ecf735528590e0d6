/**
 * The shop's inventory service: {@link dev.herald.shop.inventory.InventoryService} keeps the stock
 * of every SKU as one event-sourced {@link dev.herald.shop.inventory.Stock}, reserves it for orders
 * all-or-nothing, releases and ships reservations, and relays what it decided to the bus.
 */
package dev.herald.shop.inventory;
