package dev.herald.shop.orders;

/**
 * One line a customer asks for, before it is checked and priced.
 *
 * @param sku the SKU asked for
 * @param quantity how many, {@value Order#MIN_QUANTITY} to {@value Order#MAX_QUANTITY}
 */
public record LineRequest(String sku, long quantity) {}
