package dev.herald.eventstore;

import dev.herald.core.HeraldException;

/** The rule for stream names, shared by every backend. */
public final class StreamNames {
  /** Longest stream name. */
  public static final int MAX_LENGTH = 200;

  private StreamNames() {}

  /**
   * Checks {@code stream}: 1 to {@value #MAX_LENGTH} characters, no control characters, not
   * starting with {@code $} (reserved).
   *
   * @throws HeraldException if it breaks the rule, saying how
   */
  public static void check(String stream) {
    if (stream == null || stream.isEmpty() || stream.length() > MAX_LENGTH) {
      throw new HeraldException(
          "a stream name is 1 to "
              + MAX_LENGTH
              + " characters, such as order-17; was "
              + (stream == null ? "null" : "'" + stream + "' (" + stream.length() + ")"));
    }
    if (stream.startsWith("$")) {
      throw new HeraldException("stream names starting with $ are reserved; was '" + stream + "'");
    }
    for (int i = 0; i < stream.length(); i++) {
      if (Character.isISOControl(stream.charAt(i))) {
        throw new HeraldException(
            "stream name '" + stream.replaceAll("\\p{Cntrl}", "?") + "' has a control character");
      }
    }
  }
}
