package dev.herald.shop.app;

import dev.herald.shop.payments.Payment;
import java.util.Collection;

/**
 * Money recomputed from the payments themselves, not from analytics.
 *
 * @param capturedCents every capture, refunded later or not
 * @param refundedCents every refund
 */
public record Revenue(long capturedCents, long refundedCents) {
  /** Captured minus refunded: what the shop keeps. */
  public long netCents() {
    return capturedCents - refundedCents;
  }

  /** The revenue of {@code payments}. */
  public static Revenue of(Collection<Payment> payments) {
    long captured = 0;
    long refunded = 0;
    for (Payment payment : payments) {
      switch (payment.status()) {
        case CAPTURED -> captured += payment.cents();
        case REFUNDED -> {
          captured += payment.cents();
          refunded += payment.cents();
        }
        case NONE, FAILED -> {
          // no money moved
        }
      }
    }
    return new Revenue(captured, refunded);
  }
}
