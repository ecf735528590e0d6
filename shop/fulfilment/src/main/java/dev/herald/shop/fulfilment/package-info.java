/**
 * The shop's fulfilment: a saga that reserves stock, charges and ships each order, compensates what
 * was done when a step fails, and cancels an order that payments does not answer in time. Run it
 * with {@link dev.herald.shop.fulfilment.FulfilmentService}.
 */
package dev.herald.shop.fulfilment;
