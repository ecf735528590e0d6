package dev.herald.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import dev.herald.core.spi.Transport;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The registered webhooks. Every change is appended to topic {@value #TOPIC} (keyed by webhook id)
 * before it takes effect, and {@link #load} reads that topic to its end, so webhooks survive a
 * restart. The topic holds the signing secrets: give no one else the right to read it. Changes are
 * made one at a time; reads are lock-free. Thread-safe.
 */
final class WebhookRegistry {
  static final String TOPIC = "herald.webhooks";
  private static final String SAVED = "herald.webhook.saved";
  private static final String DELETED = "herald.webhook.deleted";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Transport transport;
  private final Map<String, Webhook> byId = new ConcurrentHashMap<>();
  private volatile Consumer<String> onChange = id -> {};

  private WebhookRegistry(Transport transport) {
    this.transport = transport;
  }

  /** The webhooks {@code transport} holds, read from topic {@value #TOPIC} to its end. */
  static WebhookRegistry load(Transport transport) {
    WebhookRegistry registry = new WebhookRegistry(transport);
    for (Envelope change : TopicLog.readAll(transport, TOPIC)) {
      JsonNode data = json(change);
      switch (change.type()) {
        case SAVED -> {
          Webhook webhook = WebhookJson.webhook(data);
          registry.byId.put(webhook.id(), webhook);
        }
        case DELETED -> registry.byId.remove(data.get("id").asText());
        default -> {} // a record type of a later version: not ours to judge
      }
    }
    return registry;
  }

  /**
   * Tells {@code listener} the id of every webhook saved or deleted from now on, after the fact.
   */
  void onChange(Consumer<String> listener) {
    this.onChange = listener;
  }

  /** Every webhook, oldest first. */
  List<Webhook> all() {
    return byId.values().stream()
        .sorted(Comparator.comparing(Webhook::created).thenComparing(Webhook::id))
        .toList();
  }

  /** The webhook {@code id}, if registered. */
  Optional<Webhook> find(String id) {
    return Optional.ofNullable(byId.get(id));
  }

  /**
   * Stores {@code webhook}, new or changed, durably, then makes it current.
   *
   * @throws GatewayProblem 503 if the transport does not store it
   */
  synchronized void save(Webhook webhook) {
    TopicLog.append(transport, TOPIC, webhook.id(), SAVED, WebhookJson.stored(webhook));
    byId.put(webhook.id(), webhook);
    onChange.accept(webhook.id());
  }

  /**
   * Changes webhook {@code id} with {@code change}, if it is registered, and returns what it
   * became.
   *
   * @throws GatewayProblem 503 if the transport does not store the change
   */
  synchronized Optional<Webhook> update(String id, UnaryOperator<Webhook> change) {
    Optional<Webhook> changed = find(id).map(change);
    changed.ifPresent(this::save);
    return changed;
  }

  /**
   * Removes webhook {@code id}; whether it was registered.
   *
   * @throws GatewayProblem 503 if the transport does not store the removal
   */
  synchronized boolean delete(String id) {
    if (!byId.containsKey(id)) {
      return false;
    }
    TopicLog.append(transport, TOPIC, id, DELETED, MAPPER.createObjectNode().put("id", id));
    byId.remove(id);
    onChange.accept(id);
    return true;
  }

  private static JsonNode json(Envelope change) {
    try {
      return MAPPER.readTree(change.data());
    } catch (IOException e) {
      throw new HeraldException(
          "topic "
              + TOPIC
              + " holds a record that is not JSON (event "
              + change.id()
              + "); it is the gateway's own record of webhooks, do not publish to it",
          e);
    }
  }
}
