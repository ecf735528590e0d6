package dev.herald.shop.events;

import dev.herald.core.EventType;

/** Payments: charges and refunds of orders (topic {@code shop.payment}). */
public final class PaymentEvents {
  private PaymentEvents() {}

  /** What payments says about an order's money. */
  public sealed interface PaymentEvent permits PaymentCaptured, PaymentFailed, PaymentRefunded {
    /** The order paid for. */
    String orderId();
  }

  /** The order is charged: the money is taken. Revenue is the sum of these less refunds. */
  @EventType(name = "shop.payment.captured", key = "orderId")
  public record PaymentCaptured(String orderId, String paymentId, long cents)
      implements PaymentEvent {}

  /** The charge was declined or the gateway failed; no money was taken. */
  @EventType(name = "shop.payment.failed", key = "orderId")
  public record PaymentFailed(String orderId, String reason) implements PaymentEvent {}

  /** The money captured for the order went back to the customer. */
  @EventType(name = "shop.payment.refunded", key = "orderId")
  public record PaymentRefunded(String orderId, String paymentId, long cents)
      implements PaymentEvent {}

  /** To payments, from the saga: charge the customer for the order. */
  @EventType(name = "shop.payment.charge", key = "orderId", topic = "shop.payment.commands")
  public record ChargePayment(String orderId, String customerId, long cents) {}

  /** To payments, from the saga: give back what was captured for the order, and why. */
  @EventType(name = "shop.payment.refund", key = "orderId", topic = "shop.payment.commands")
  public record RefundPayment(String orderId, String reason) {}
}
