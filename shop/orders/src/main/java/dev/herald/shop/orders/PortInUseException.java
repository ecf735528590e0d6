package dev.herald.shop.orders;

import dev.herald.core.HeraldException;

/** The orders API could not listen: another process holds its port. */
public final class PortInUseException extends HeraldException {
  private static final long serialVersionUID = 1L;

  PortInUseException(String host, int port, Throwable cause) {
    super(
        "port "
            + port
            + " on "
            + host
            + " is in use; stop what holds it, or choose another port (0 for any free one)",
        cause);
  }
}
