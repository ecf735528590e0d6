package dev.herald.core;

/**
 * Root of every exception Herald throws. Each message says what happened and what to do about it.
 */
public class HeraldException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message that says what happened and what to do. */
  public HeraldException(String message) {
    super(message);
  }

  /** Creates an exception with a message and the exception that caused it. */
  public HeraldException(String message, Throwable cause) {
    super(message, cause);
  }
}
