package dev.herald.gateway;

import java.time.Duration;
import java.util.List;

/**
 * Where one stream client's events come from: the topic's shared live feed, or a subscription of
 * its own. Used by one thread, the client's writer, except {@link #delivered} and {@link #stop}.
 */
interface StreamSource extends AutoCloseable {
  /**
   * The next events, waiting up to {@code timeout}; empty if none came.
   *
   * @throws TooSlowException if the client fell so far behind the live feed that it was dropped
   * @throws InterruptedException if the writer is interrupted
   */
  List<StreamEvent> next(Duration timeout) throws InterruptedException;

  /** The client has {@code event}: a group subscription commits past it. Thread-safe. */
  default void delivered(StreamEvent event) {
    acknowledged(Cursor.of(java.util.Map.of(event.partition(), event.offset() + 1)));
  }

  /**
   * The client has every event before {@code cursor}: a group subscription commits up to it (for
   * the partitions it owns). Thread-safe.
   */
  void acknowledged(Cursor cursor);

  /** Makes a blocked {@link #next} return and every later one return nothing. Thread-safe. */
  void stop();

  /** Whether {@link #stop} was called: the writer ends the stream. Thread-safe. */
  boolean stopped();

  /** Releases it, committing what was delivered: by the writer thread, when the stream ends. */
  @Override
  void close();

  /** The client could not keep up with the live feed and was dropped. */
  final class TooSlowException extends dev.herald.core.HeraldException {
    private static final long serialVersionUID = 1L;

    TooSlowException(String message) {
      super(message);
    }
  }
}
