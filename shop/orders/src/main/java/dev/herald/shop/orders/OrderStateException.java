package dev.herald.shop.orders;

import dev.herald.core.HeraldException;

/** A command refused because of where the order is (confirming a cancelled order…). */
public final class OrderStateException extends HeraldException {
  private static final long serialVersionUID = 1L;

  /** A command refused; {@code message} says which order, which state, and why. */
  public OrderStateException(String message) {
    super(message);
  }
}
