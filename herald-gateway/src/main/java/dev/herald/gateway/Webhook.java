package dev.herald.gateway;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A registered webhook endpoint: where events of some topics and types are POSTed.
 *
 * @param id its id, {@code wh_…}
 * @param url where deliveries go, http or https
 * @param topics the topics it follows, at least one
 * @param types patterns of the event types it takes, {@code *} for any characters; {@code ["*"]}
 *     for all
 * @param description what it is for, if given
 * @param enabled whether it is delivered to
 * @param disabledReason why it was disabled, if it was disabled by a delivery (410 Gone) or by hand
 * @param secrets what deliveries are signed with
 * @param created when it was registered
 */
record Webhook(
    String id,
    URI url,
    List<String> topics,
    List<String> types,
    Optional<String> description,
    boolean enabled,
    Optional<String> disabledReason,
    WebhookSecrets secrets,
    Instant created) {

  private static final SecureRandom RANDOM = new SecureRandom();

  Webhook {
    topics = List.copyOf(topics);
    types = List.copyOf(types);
  }

  /** A new random id: {@code wh_} and 24 hex digits. */
  static String newId() {
    byte[] random = new byte[12];
    RANDOM.nextBytes(random);
    return "wh_" + HexFormat.of().formatHex(random);
  }

  /** The consumer group its deliveries read with, one per topic it follows. */
  String group() {
    return "herald.webhook." + id;
  }

  /** Whether events of {@code type} go to it. */
  boolean takes(String type) {
    return types.stream().anyMatch(pattern -> matches(pattern, type));
  }

  Webhook withUrl(URI url) {
    return new Webhook(
        id, url, topics, types, description, enabled, disabledReason, secrets, created);
  }

  Webhook withTopics(List<String> topics) {
    return new Webhook(
        id, url, topics, types, description, enabled, disabledReason, secrets, created);
  }

  Webhook withTypes(List<String> types) {
    return new Webhook(
        id, url, topics, types, description, enabled, disabledReason, secrets, created);
  }

  Webhook withDescription(Optional<String> description) {
    return new Webhook(
        id, url, topics, types, description, enabled, disabledReason, secrets, created);
  }

  /** Enabled, or disabled for {@code reason}. */
  Webhook withEnabled(boolean enabled, Optional<String> reason) {
    Optional<String> why = enabled ? Optional.empty() : reason;
    return new Webhook(id, url, topics, types, description, enabled, why, secrets, created);
  }

  Webhook withSecrets(WebhookSecrets secrets) {
    return new Webhook(
        id, url, topics, types, description, enabled, disabledReason, secrets, created);
  }

  private static boolean matches(String pattern, String type) {
    StringBuilder regex = new StringBuilder();
    int start = 0;
    for (int star = pattern.indexOf('*'); star >= 0; star = pattern.indexOf('*', start)) {
      regex.append(Pattern.quote(pattern.substring(start, star))).append(".*");
      start = star + 1;
    }
    regex.append(Pattern.quote(pattern.substring(start)));
    return Pattern.matches(regex.toString(), type);
  }
}
