package dev.herald.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.Envelope;
import dev.herald.core.spi.Transport;
import dev.herald.testkit.Await;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** The webhook admin API and publishing, as the tests call them. */
final class WebhookApi {
  static final Duration TIMEOUT = Duration.ofSeconds(20);

  private final Http http;
  private final Transport transport;

  WebhookApi(Http http, Transport transport) {
    this.http = http;
    this.transport = transport;
  }

  /** Registers a webhook and returns the answer (with its id and secret). */
  JsonNode create(URI url, String topic) throws Exception {
    return create("{\"url\":\"" + url + "\",\"topics\":[\"" + topic + "\"]}");
  }

  JsonNode create(String json) throws Exception {
    Http.Answer answer = http.post("/admin/webhooks", "application/json", json);
    assertThat(answer.status()).as(answer.body()).isEqualTo(201);
    return answer.json();
  }

  Http.Answer patch(String id, String json) throws Exception {
    return http.send(
        http.request("/admin/webhooks/" + id)
            .header("Content-Type", "application/json")
            .method("PATCH", HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  JsonNode get(String id) throws Exception {
    return http.get("/admin/webhooks/" + id).json();
  }

  JsonNode attempts(String id) throws Exception {
    return http.get("/admin/webhooks/" + id + "/attempts").json().get("attempts");
  }

  /** Waits until webhook {@code id} has {@code count} attempts, and returns them, newest first. */
  JsonNode awaitAttempts(String id, int count) throws Exception {
    return awaitAttempts(id, count + " attempts", attempts -> attempts.size() >= count);
  }

  /**
   * Waits until webhook {@code id}'s attempts, newest first, are {@code what}, and returns them.
   */
  JsonNode awaitAttempts(String id, String what, Predicate<JsonNode> done) throws Exception {
    return Await.until(
        what + " of " + id,
        TIMEOUT,
        Duration.ofMillis(20),
        () -> {
          try {
            return attempts(id);
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        },
        done);
  }

  /** Appends an event of {@code type} with id {@code id} to {@code topic}, all on one key. */
  void publish(String topic, String id, String type) throws Exception {
    publish(transport, topic, id, type);
  }

  /** Appends an event of {@code type} with id {@code id} to {@code topic}, all on one key. */
  static void publish(Transport transport, String topic, String id, String type) throws Exception {
    Envelope event =
        Envelope.builder()
            .id(id)
            .source("/shop")
            .type(type)
            .extension(Envelope.PARTITION_KEY, "k")
            .dataContentType("application/json")
            .data("{\"n\":\"" + id + "\"}")
            .build();
    transport.append(topic, List.of(event)).get();
  }
}
