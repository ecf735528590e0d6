package dev.herald.gateway;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One try to deliver a message to a webhook, and what came of it.
 *
 * @param webhookId the webhook
 * @param message what was sent
 * @param number 1 for the first attempt of the message, 2 for the first retry, ...
 * @param time when it was sent
 * @param duration how long until the answer or the error
 * @param status the receiver's HTTP status, if it answered
 * @param error what went wrong, if it did not answer (or could not be reached)
 * @param outcome where the message stands after it
 * @param nextAttempt when the message is tried again, if it will be
 */
record WebhookAttempt(
    String webhookId,
    WebhookMessage message,
    int number,
    Instant time,
    Duration duration,
    Optional<Integer> status,
    Optional<String> error,
    Outcome outcome,
    Optional<Instant> nextAttempt) {

  /** Where a message stands after an attempt. */
  enum Outcome {
    /** The receiver answered 2xx. */
    DELIVERED,
    /** It failed and will be tried again at {@code nextAttempt}. */
    RETRYING,
    /** It failed and the retry schedule is used up. */
    FAILED
  }
}
