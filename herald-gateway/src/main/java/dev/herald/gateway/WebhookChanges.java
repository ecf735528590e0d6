package dev.herald.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.HeraldException;
import dev.herald.core.spi.Names;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What an admin request asks of a webhook, read from its JSON body and checked field by field:
 * {@code url} (http or https, no user info), {@code topics} (topic names, at least one), {@code
 * types} (event type patterns with {@code *}, at least one), {@code description} (empty clears it)
 * and {@code enabled}. Fields left out are not changed.
 */
record WebhookChanges(
    Optional<URI> url,
    Optional<List<String>> topics,
    Optional<List<String>> types,
    Optional<String> description,
    Optional<Boolean> enabled) {
  static final Set<String> CREATE = Set.of("url", "topics", "types", "description");
  static final Set<String> PATCH = Set.of("url", "topics", "types", "description", "enabled");
  private static final int MAX_TEXT = 2_000;
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * Reads {@code body}, which may have only the {@code known} fields.
   *
   * @throws GatewayProblem 400 naming the field at fault and what it must be
   */
  static WebhookChanges read(byte[] body, Set<String> known) {
    JsonNode json;
    try {
      json = MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw invalid("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw invalid("the body cannot be read: " + e.getMessage());
    }
    if (json == null || !json.isObject()) {
      throw invalid("send a JSON object with the fields " + String.join(", ", sorted(known)));
    }
    for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name)) {
        throw invalid(
            "unknown field '" + name + "'; the fields are " + String.join(", ", sorted(known)));
      }
    }
    return new WebhookChanges(
        text(json, "url").map(WebhookChanges::url),
        strings(json, "topics").map(WebhookChanges::topics),
        strings(json, "types"),
        text(json, "description"),
        Optional.ofNullable(json.get("enabled")).map(WebhookChanges::bool));
  }

  /**
   * {@code webhook} with these changes made; disabling it records that an admin did, at {@code
   * now}.
   */
  Webhook applyTo(Webhook webhook, Instant now) {
    Webhook changed = webhook;
    changed = url.map(changed::withUrl).orElse(changed);
    changed = topics.map(changed::withTopics).orElse(changed);
    changed = types.map(changed::withTypes).orElse(changed);
    if (description.isPresent()) {
      changed = changed.withDescription(description.filter(text -> !text.isEmpty()));
    }
    if (enabled.isPresent() && enabled.get() != changed.enabled()) {
      changed = changed.withEnabled(enabled.get(), Optional.of("disabled by an admin at " + now));
    }
    return changed;
  }

  /**
   * {@code text} as a webhook URL.
   *
   * @throws GatewayProblem 400 if it is no absolute http or https URL with a host
   */
  static URI url(String text) {
    URI url;
    try {
      url = new URI(text);
    } catch (URISyntaxException e) {
      throw invalid("url '" + text + "' is not a URL: " + e.getReason());
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw invalid("url '" + text + "' must start with https:// (or http://)");
    }
    if (url.getHost() == null || url.getHost().isEmpty()) {
      throw invalid("url '" + text + "' has no host name");
    }
    if (url.getRawUserInfo() != null) {
      throw invalid("url '" + text + "' carries user info; deliveries are signed, leave it out");
    }
    return url;
  }

  private static List<String> topics(List<String> topics) {
    for (String topic : topics) {
      try {
        Names.check("topic", topic);
      } catch (HeraldException e) {
        throw invalid("topics: " + e.getMessage());
      }
    }
    return topics;
  }

  private static Optional<String> text(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isTextual() || value.textValue().length() > MAX_TEXT) {
      throw invalid(field + " must be a string of at most " + MAX_TEXT + " characters");
    }
    return Optional.of(value.textValue());
  }

  private static Optional<List<String>> strings(JsonNode json, String field) {
    JsonNode value = json.get(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isArray() || value.isEmpty()) {
      throw invalid(field + " must be a JSON array of at least one string");
    }
    List<String> strings = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual() || item.textValue().isBlank()) {
        throw invalid(field + " must hold non-empty strings, not " + item);
      }
      strings.add(item.textValue());
    }
    return Optional.of(List.copyOf(new LinkedHashSet<>(strings)));
  }

  private static boolean bool(JsonNode value) {
    if (!value.isBoolean()) {
      throw invalid("enabled must be true or false");
    }
    return value.booleanValue();
  }

  private static List<String> sorted(Set<String> fields) {
    return fields.stream().sorted().toList();
  }

  static GatewayProblem invalid(String detail) {
    return GatewayProblem.badRequest("invalid-webhook", detail);
  }
}
