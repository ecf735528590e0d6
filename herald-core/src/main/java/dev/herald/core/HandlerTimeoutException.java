package dev.herald.core;

import java.time.Duration;

/**
 * An attempt ran longer than its handler's {@link HandlerOptions#timeout() timeout}: its thread was
 * interrupted and the attempt failed. Retryable unless the retry policy says otherwise.
 */
public final class HandlerTimeoutException extends HeraldException {
  private static final long serialVersionUID = 1L;

  /** Creates the error for an attempt of {@code handler} that exceeded {@code timeout}. */
  public HandlerTimeoutException(String handler, Duration timeout, Throwable cause) {
    super(
        "handler "
            + handler
            + " did not finish within its timeout of "
            + timeout
            + "; it was interrupted. Make it faster, have it honour interrupts, or raise the"
            + " timeout in its HandlerOptions",
        cause);
  }
}
