package dev.herald.cli;

import java.io.Serial;

/**
 * The gateway refused a request (a 4xx answer): the message is the problem's {@code detail}, which
 * says what is wrong and what to do, and the command exits with 2 as for any bad input.
 */
final class GatewayRefusal extends BadInputException {
  @Serial private static final long serialVersionUID = 1L;

  private final int status;
  private final String kind;

  GatewayRefusal(int status, String kind, String detail) {
    super(detail);
    this.status = status;
    this.kind = kind;
  }

  /** The HTTP status, such as 404. */
  int status() {
    return status;
  }

  /** The problem's kind, the last segment of its {@code type}, such as {@code forbidden}. */
  String kind() {
    return kind;
  }
}
