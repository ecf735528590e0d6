package dev.herald.eventstore;

/** A running subscription; {@link #close()} stops it. */
public interface EventSubscription extends AutoCloseable {
  /**
   * The position after the last event read, whether the filter delivered or skipped it: where to
   * resume.
   */
  long nextPosition();

  /** Whether it has caught up and now follows live. */
  boolean isLive();

  /** Stops it; waits until the listener is no longer being called. */
  @Override
  void close();
}
