package dev.herald.eventstore;

/** What a subscription tells its owner; called on the subscription's one thread. */
public interface SubscriptionListener {
  /** The next event the filter selects, in position order. */
  void event(RecordedEvent event) throws Exception;

  /** Every stored event has been delivered; from now on events come as they are appended. */
  default void caughtUp() {}

  /**
   * Live delivery could not keep up; the subscription reads stored events again until caught up.
   */
  default void fellBehind() {}

  /**
   * The subscription stopped: {@code error} is what stopped it (the listener's exception, or the
   * store failing), or null if it was closed.
   */
  default void stopped(Throwable error) {}
}
