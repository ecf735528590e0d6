package dev.herald.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Webhooks as JSON: as stored in the {@code herald.webhooks} topic (with their secrets) and as the
 * admin API shows them (without). Stateless.
 */
final class WebhookJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private WebhookJson() {}

  /** {@code webhook} as the admin API shows it: everything but its secrets. */
  static ObjectNode view(Webhook webhook) {
    ObjectNode node = JSON.objectNode();
    node.put("id", webhook.id());
    node.put("url", webhook.url().toString());
    node.set("topics", strings(webhook.topics()));
    node.set("types", strings(webhook.types()));
    webhook.description().ifPresent(text -> node.put("description", text));
    node.put("enabled", webhook.enabled());
    webhook.disabledReason().ifPresent(why -> node.put("disabledReason", why));
    node.put("createdAt", webhook.created().toString());
    webhook
        .secrets()
        .previousUntil()
        .ifPresent(until -> node.put("previousSecretSignedUntil", until.toString()));
    return node;
  }

  /** {@code webhook} as the admin API shows it once, on create and rotate: with its secret. */
  static ObjectNode viewWithSecret(Webhook webhook) {
    return view(webhook).put("secret", webhook.secrets().current());
  }

  /** {@code webhook} as stored, secrets included. */
  static ObjectNode stored(Webhook webhook) {
    ObjectNode node = view(webhook);
    node.remove("previousSecretSignedUntil");
    WebhookSecrets secrets = webhook.secrets();
    node.put("secret", secrets.current());
    secrets.previous().ifPresent(secret -> node.put("previousSecret", secret));
    secrets.previousUntil().ifPresent(until -> node.put("previousSecretUntil", until.toString()));
    return node;
  }

  /** The webhook {@link #stored} wrote. */
  static Webhook webhook(JsonNode node) {
    WebhookSecrets secrets =
        new WebhookSecrets(
            node.get("secret").asText(),
            text(node, "previousSecret"),
            text(node, "previousSecretUntil").map(Instant::parse));
    return new Webhook(
        node.get("id").asText(),
        URI.create(node.get("url").asText()),
        strings(node.get("topics")),
        strings(node.get("types")),
        text(node, "description"),
        node.get("enabled").asBoolean(),
        text(node, "disabledReason"),
        secrets,
        Instant.parse(node.get("createdAt").asText()));
  }

  static ArrayNode strings(List<String> values) {
    ArrayNode array = JSON.arrayNode();
    values.forEach(array::add);
    return array;
  }

  static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }

  static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? Optional.empty() : Optional.of(value.asText());
  }
}
