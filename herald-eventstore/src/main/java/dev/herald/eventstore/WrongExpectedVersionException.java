package dev.herald.eventstore;

import dev.herald.core.HeraldException;

/** An append expected its stream at another version; nothing was stored. */
public final class WrongExpectedVersionException extends HeraldException {
  private static final long serialVersionUID = 1L;

  private final String stream;
  private final transient ExpectedVersion expected;
  private final long actual;

  /** {@code stream} is at {@code actual} (-1: no stream), not {@code expected}. */
  public WrongExpectedVersionException(String stream, ExpectedVersion expected, long actual) {
    super(
        "stream "
            + stream
            + " was expected at "
            + expected
            + " but is at "
            + (actual < 0 ? "no stream (no events)" : "version " + actual)
            + "; nothing was appended. Read the stream again, decide again, and append with the"
            + " version you read");
    this.stream = stream;
    this.expected = expected;
    this.actual = actual;
  }

  /** The stream appended to. */
  public String stream() {
    return stream;
  }

  /** What the append expected. */
  public ExpectedVersion expected() {
    return expected;
  }

  /** The stream's version when the append was refused; -1 if it had no events. */
  public long actual() {
    return actual;
  }
}
