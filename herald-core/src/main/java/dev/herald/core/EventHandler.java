package dev.herald.core;

/**
 * Reacts to one event type. Runs on the partition's worker thread: events with one key reach it one
 * at a time, in order. Returning normally acknowledges the event; throwing makes it fail, and the
 * middleware chain (or, without one, redelivery) decides what happens next.
 *
 * @param <E> the event record type
 */
@FunctionalInterface
public interface EventHandler<E> {
  /** Handles {@code event}; {@code context} publishes follow-up events in the same flow. */
  void handle(E event, EventContext context) throws Exception;
}
