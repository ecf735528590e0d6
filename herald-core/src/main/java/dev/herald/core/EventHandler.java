package dev.herald.core;

/**
 * Reacts to one event type. Runs on the partition's worker thread: events with one key reach it one
 * at a time, in order. Returning normally acknowledges the event; throwing fails the attempt: it is
 * tried again per the handler's {@link RetryPolicy}, and then, or at once for an exception the
 * policy does not retry, the event goes to the group's {@link DeadLetters} and the partition moves
 * on. Handlers may run more than once for one event (at-least-once delivery, replays).
 *
 * @param <E> the event record type
 */
@FunctionalInterface
public interface EventHandler<E> {
  /** Handles {@code event}; {@code context} publishes follow-up events in the same flow. */
  void handle(E event, EventContext context) throws Exception;
}
