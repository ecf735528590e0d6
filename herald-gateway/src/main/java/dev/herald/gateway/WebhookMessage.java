package dev.herald.gateway;

import dev.herald.core.CloudEventJson;
import dev.herald.core.Delivery;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * One event on its way to one webhook. Its id, the {@code webhook-id} header, is derived from the
 * webhook and the event, so it is the same on every attempt and after a restart, and receivers can
 * use it to drop duplicates.
 *
 * @param id {@code msg_…}
 * @param eventId the event's CloudEvents id
 * @param eventType the event's type
 * @param topic the topic the event was read from
 * @param payload the body POSTed: the event in the CloudEvents JSON format
 */
record WebhookMessage(String id, String eventId, String eventType, String topic, String payload) {
  /** The message that takes {@code delivery}'s event to {@code webhook}. */
  static WebhookMessage of(Webhook webhook, Delivery delivery) {
    var event = delivery.envelope();
    String key = String.join("\u0000", webhook.id(), delivery.topic(), event.source(), event.id());
    return new WebhookMessage(
        id(key),
        event.id(),
        event.type(),
        delivery.topic(),
        CloudEventJson.write(event).toString());
  }

  /** The body as bytes, as signed and sent. */
  byte[] body() {
    return payload.getBytes(StandardCharsets.UTF_8);
  }

  private static String id(String key) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
      return "msg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash).substring(0, 27);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
