package dev.herald.gateway;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * Makes one attempt to deliver a message to a webhook and records it. The request is a POST of the
 * event in the CloudEvents JSON format ({@value #CONTENT_TYPE}) with the Standard Webhooks headers
 * {@code webhook-id} (the message id, the same on every attempt), {@code webhook-timestamp} (Unix
 * seconds of this attempt) and {@code webhook-signature}. A 2xx answer delivers it; anything else
 * schedules the next attempt on the retry schedule, or, on 429 and 503 with {@code Retry-After},
 * after the wait the receiver asks for (up to a cap). 410 Gone fails the message and disables the
 * webhook. Thread-safe; {@link #attempt} blocks for up to the delivery timeout.
 */
final class WebhookDelivery {
  static final String CONTENT_TYPE = "application/cloudevents+json; charset=utf-8";

  private final WebhookClient client;
  private final WebhookRegistry registry;
  private final WebhookAttempts attempts;
  private final WebhookSettings settings;

  WebhookDelivery(
      WebhookClient client,
      WebhookRegistry registry,
      WebhookAttempts attempts,
      WebhookSettings settings) {
    this.client = client;
    this.registry = registry;
    this.attempts = attempts;
    this.settings = settings;
  }

  /**
   * Sends {@code message} to {@code webhook} as attempt {@code number}, records the attempt (the
   * message becomes pending or not) and returns it.
   *
   * @throws GatewayProblem 503 if the attempt cannot be recorded
   * @throws InterruptedException if interrupted while waiting for the answer; nothing is recorded
   */
  WebhookAttempt attempt(Webhook webhook, WebhookMessage message, int number)
      throws InterruptedException {
    Instant time = settings.clock().instant();
    long timestamp = time.getEpochSecond();
    byte[] body = message.body();
    Map<String, String> headers =
        Map.of(
            "webhook-id", message.id(),
            "webhook-timestamp", Long.toString(timestamp),
            "webhook-signature",
                WebhookSigner.header(
                    webhook.secrets().signingAt(time), message.id(), timestamp, body));
    long started = System.nanoTime();
    WebhookClient.Answer answer = client.post(webhook.url(), headers, CONTENT_TYPE, body);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    int status = answer.status().orElse(0);
    Optional<Instant> next =
        status / 100 == 2 || status == 410 ? Optional.empty() : nextAttempt(number, answer);
    WebhookAttempt.Outcome outcome =
        status / 100 == 2
            ? WebhookAttempt.Outcome.DELIVERED
            : next.isPresent() ? WebhookAttempt.Outcome.RETRYING : WebhookAttempt.Outcome.FAILED;
    WebhookAttempt attempt =
        new WebhookAttempt(
            webhook.id(),
            message,
            number,
            time,
            took,
            answer.status(),
            answer.error(),
            outcome,
            next);
    attempts.record(attempt);
    if (status == 410) {
      registry.update(
          webhook.id(),
          current ->
              current.withEnabled(
                  false,
                  Optional.of(
                      "the receiver answered 410 Gone to message "
                          + message.id()
                          + " at "
                          + time
                          + "; enable it again once the URL takes deliveries")));
    }
    return attempt;
  }

  private Optional<Instant> nextAttempt(int number, WebhookClient.Answer answer) {
    Optional<Duration> scheduled = settings.retries().after(number);
    if (scheduled.isEmpty()) {
      return Optional.empty();
    }
    Instant now = settings.clock().instant();
    int status = answer.status().orElse(0);
    Optional<Duration> asked =
        status == 429 || status == 503
            ? answer.retryAfter().flatMap(value -> retryAfter(value, now))
            : Optional.empty();
    Duration wait =
        asked.map(delay -> min(delay, settings.maxRetryAfter())).orElse(scheduled.get());
    return Optional.of(now.plus(wait));
  }

  /** A {@code Retry-After} value, seconds or an HTTP date, as a wait from {@code now}. */
  static Optional<Duration> retryAfter(String value, Instant now) {
    String text = value.trim();
    try {
      return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(text))));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Optional.of(at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO);
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
