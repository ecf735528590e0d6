package dev.herald.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import dev.herald.core.spi.Transport;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The attempts to deliver webhook messages. Each is appended to topic {@value #TOPIC} (keyed by
 * webhook id) before it counts, with the message's body, and {@link #load} reads that topic to its
 * end: so a restarted gateway knows every webhook's pending retries and can re-send any message it
 * still shows. The newest {@value #SHOWN} attempts per webhook are kept in memory. Thread-safe.
 */
final class WebhookAttempts {
  static final String TOPIC = "herald.webhooks.attempts";
  static final int SHOWN = 1_000;
  private static final String TYPE = "herald.webhook.attempt";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Transport transport;
  private final Map<String, Deque<WebhookAttempt>> recent = new ConcurrentHashMap<>();
  private final Map<String, PendingRetries> pending = new ConcurrentHashMap<>();

  private WebhookAttempts(Transport transport) {
    this.transport = transport;
  }

  /** The attempts {@code transport} holds for the webhooks in {@code known}. */
  static WebhookAttempts load(Transport transport, Collection<String> known) {
    WebhookAttempts attempts = new WebhookAttempts(transport);
    for (Envelope record : TopicLog.readAll(transport, TOPIC)) {
      if (TYPE.equals(record.type())) {
        WebhookAttempt attempt = WebhookAttemptJson.attempt(json(record));
        if (known.contains(attempt.webhookId())) {
          attempts.remember(attempt);
        }
      }
    }
    return attempts;
  }

  /**
   * Stores {@code attempt} durably, then counts it: it is shown, and its message is pending or not.
   *
   * @throws GatewayProblem 503 if the transport does not store it
   */
  void record(WebhookAttempt attempt) {
    TopicLog.append(
        transport, TOPIC, attempt.webhookId(), TYPE, WebhookAttemptJson.stored(attempt));
    remember(attempt);
  }

  /** The attempts of webhook {@code id} still kept, newest first. */
  List<WebhookAttempt> recent(String id) {
    Deque<WebhookAttempt> attempts = recent.get(id);
    if (attempts == null) {
      return List.of();
    }
    synchronized (attempts) {
      return List.copyOf(attempts);
    }
  }

  /** The latest attempt of message {@code messageId} to webhook {@code id}, if still kept. */
  Optional<WebhookAttempt> latest(String id, String messageId) {
    return recent(id).stream()
        .filter(attempt -> attempt.message().id().equals(messageId))
        .findFirst()
        .or(() -> pending(id).find(messageId));
  }

  /** The messages of webhook {@code id} waiting to be tried again. */
  PendingRetries pending(String id) {
    return pending.computeIfAbsent(id, key -> new PendingRetries());
  }

  /** Forgets webhook {@code id}'s attempts (its records stay in the topic). */
  void forget(String id) {
    recent.remove(id);
    pending.remove(id);
  }

  private void remember(WebhookAttempt attempt) {
    Deque<WebhookAttempt> attempts =
        recent.computeIfAbsent(attempt.webhookId(), key -> new ArrayDeque<>());
    synchronized (attempts) {
      attempts.addFirst(attempt);
      if (attempts.size() > SHOWN) {
        attempts.removeLast();
      }
    }
    pending(attempt.webhookId()).update(attempt);
  }

  private static com.fasterxml.jackson.databind.JsonNode json(Envelope record) {
    try {
      return MAPPER.readTree(record.data());
    } catch (IOException e) {
      throw new HeraldException(
          "topic "
              + TOPIC
              + " holds a record that is not JSON (event "
              + record.id()
              + "); it is the gateway's own record of webhook attempts, do not publish to it",
          e);
    }
  }
}
