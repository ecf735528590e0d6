package dev.herald.cli;

import java.io.Serial;

/**
 * A value the user gave is wrong: the command prints the message in one line and exits with 2. The
 * message says which option is at fault and what would be accepted.
 */
class BadInputException extends RuntimeException {
  @Serial private static final long serialVersionUID = 1L;

  BadInputException(String message) {
    super(message);
  }

  BadInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
