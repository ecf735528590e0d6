package dev.herald.shop.payments;

import dev.herald.eventstore.Aggregate;
import dev.herald.shop.events.PaymentEvents.PaymentEvent;

/**
 * Payments as event-sourced entities, one per order: streams {@code payment-<orderId>}, folded by
 * {@link Payment#apply}.
 */
final class PaymentAggregate implements Aggregate<Payment, PaymentEvent> {
  /** The stream category of payments. */
  static final String CATEGORY = "payment";

  @Override
  public String category() {
    return CATEGORY;
  }

  @Override
  public Payment initial() {
    return Payment.none();
  }

  @Override
  public Payment apply(Payment payment, PaymentEvent event) {
    return payment.apply(event);
  }
}
