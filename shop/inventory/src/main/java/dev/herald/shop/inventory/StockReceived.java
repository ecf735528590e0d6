package dev.herald.shop.inventory;

import dev.herald.core.EventType;

/**
 * Inventory's own record that a supplier delivered {@code quantity} of {@code sku}: the stock the
 * shop has ever had grows by it. Relayed to {@code shop.stock.levels} with the level it leads to;
 * services that do not handle it skip it.
 */
@EventType(name = "shop.stock.received", key = "sku", topic = "shop.stock.levels")
public record StockReceived(String sku, int quantity) {}
