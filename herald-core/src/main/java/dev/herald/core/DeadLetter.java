package dev.herald.core;

import java.time.Instant;
import java.util.Optional;

/**
 * One event in a consumer group's dead letters, as {@link DeadLetters} lists it.
 *
 * @param id the dead letter's own id (the {@code dlqid} extension); an event dead-lettered twice
 *     has two
 * @param envelope the event exactly as it was handled: same id, data and attributes
 * @param group the consumer group whose handler gave up on it
 * @param reason why it was dead-lettered
 * @param error the exception (class and message) or what else went wrong
 * @param attempts how many times the handler ran on it (0 when it never ran)
 * @param original where the event was read from the first time
 * @param handler the handler's name ({@link HandlerOptions#name()}), or {@code -} when no handler
 *     was involved (an unreadable record)
 * @param time when it was dead-lettered
 * @param sequence ordered mode: the id of the first dead letter of its key's sequence (its own id
 *     for the head); empty outside ordered mode
 * @param position where the dead letter itself is stored, in the group's dead-letter topic
 * @param status whether it still waits, or was replayed or purged
 */
public record DeadLetter(
    String id,
    Envelope envelope,
    String group,
    DeadLetterReason reason,
    String error,
    int attempts,
    Position original,
    String handler,
    Instant time,
    Optional<String> sequence,
    Position position,
    Status status) {

  /** Where a dead letter stands. */
  public enum Status {
    /** Waiting to be replayed or purged. */
    PENDING,
    /** Sent back to its group. */
    REPLAYED,
    /** Given up on. */
    PURGED
  }

  /** Whether it is the head of an ordered-mode sequence (the first of its key to die). */
  public boolean isHead() {
    return sequence.map(id::equals).orElse(false);
  }

  /** The same dead letter with {@code status}. */
  DeadLetter withStatus(Status newStatus) {
    return new DeadLetter(
        id, envelope, group, reason, error, attempts, original, handler, time, sequence, position,
        newStatus);
  }
}
