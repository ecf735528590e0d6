package dev.herald.shop.orders;

import dev.herald.core.HeraldException;

/** An order refused for what it asks for (an unknown SKU, a quantity out of range…). */
public final class InvalidOrderException extends HeraldException {
  private static final long serialVersionUID = 1L;

  /** An order refused; {@code message} says what is wrong with it and what is allowed. */
  public InvalidOrderException(String message) {
    super(message);
  }
}
