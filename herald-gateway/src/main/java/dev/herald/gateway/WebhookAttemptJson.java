package dev.herald.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * Webhook attempts as JSON: as stored in the {@code herald.webhooks.attempts} topic (with the
 * message's body, so that it can be retried and re-sent after a restart) and as the admin API shows
 * them (without). Stateless.
 */
final class WebhookAttemptJson {
  private WebhookAttemptJson() {}

  /** {@code attempt} as the admin API shows it. */
  static ObjectNode view(WebhookAttempt attempt) {
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    WebhookMessage message = attempt.message();
    node.put("messageId", message.id());
    node.put("eventId", message.eventId());
    node.put("eventType", message.eventType());
    node.put("topic", message.topic());
    node.put("attempt", attempt.number());
    node.put("time", attempt.time().toString());
    node.put("durationMs", attempt.duration().toMillis());
    attempt.status().ifPresent(status -> node.put("status", status));
    attempt.error().ifPresent(error -> node.put("error", error));
    node.put("outcome", attempt.outcome().name().toLowerCase(Locale.ROOT));
    attempt.nextAttempt().ifPresent(next -> node.put("nextAttempt", next.toString()));
    return node;
  }

  /** {@code attempt} as stored. */
  static ObjectNode stored(WebhookAttempt attempt) {
    ObjectNode node = view(attempt);
    node.put("webhookId", attempt.webhookId());
    node.put("durationNanos", attempt.duration().toNanos());
    node.put("payload", attempt.message().payload());
    return node;
  }

  /** The attempt {@link #stored} wrote. */
  static WebhookAttempt attempt(JsonNode node) {
    WebhookMessage message =
        new WebhookMessage(
            node.get("messageId").asText(),
            node.get("eventId").asText(),
            node.get("eventType").asText(),
            node.get("topic").asText(),
            node.get("payload").asText());
    Optional<Integer> status =
        node.hasNonNull("status") ? Optional.of(node.get("status").asInt()) : Optional.empty();
    return new WebhookAttempt(
        node.get("webhookId").asText(),
        message,
        node.get("attempt").asInt(),
        Instant.parse(node.get("time").asText()),
        Duration.ofNanos(node.get("durationNanos").asLong()),
        status,
        WebhookJson.text(node, "error"),
        WebhookAttempt.Outcome.valueOf(node.get("outcome").asText().toUpperCase(Locale.ROOT)),
        WebhookJson.text(node, "nextAttempt").map(Instant::parse));
  }
}
