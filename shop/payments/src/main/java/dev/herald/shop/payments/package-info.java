/**
 * The shop's payments service: {@link dev.herald.shop.payments.PaymentsService} charges orders
 * through a {@link dev.herald.shop.payments.SimulatedGateway}, at most once per order, refunds
 * captured payments, and relays what happened to the bus.
 */
package dev.herald.shop.payments;
