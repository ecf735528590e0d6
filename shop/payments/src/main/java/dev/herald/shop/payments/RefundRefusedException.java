package dev.herald.shop.payments;

import dev.herald.core.HeraldException;

/** A refund refused because there is no captured money to give back. */
public final class RefundRefusedException extends HeraldException {
  private static final long serialVersionUID = 1L;

  /** A refund refused; {@code message} names the order and why. */
  public RefundRefusedException(String message) {
    super(message);
  }
}
