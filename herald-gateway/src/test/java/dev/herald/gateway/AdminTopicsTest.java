package dev.herald.gateway;

import static dev.herald.gateway.PublishTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.Transports;
import dev.herald.core.spi.ForwardingTransport;
import dev.herald.core.spi.Transport;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminTopicsTest {
  private Transport transport;
  private Gateway gateway;
  private Http http;

  @BeforeEach
  void start() {
    transport = Transports.memory(3);
    gateway = Gateway.builder(transport).start();
    http = new Http(gateway.uri());
  }

  @AfterEach
  void stop() {
    gateway.close();
    transport.close();
  }

  static String event(String id, String key) {
    return ("{\"specversion\":\"1.0\",\"id\":\"%s\",\"source\":\"/web\",\"type\":\"shop.order.placed\","
            + "\"partitionkey\":\"%s\",\"data\":{\"orderId\":\"%s\"}}")
        .formatted(id, key, key);
  }

  private void publish(int count) throws Exception {
    for (int i = 0; i < count; i++) {
      Http.Answer answer =
          http.post(
              "/topics/shop.order/events",
              "application/cloudevents+json",
              event("e-" + i, "o-" + i));
      assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    }
  }

  @Test
  void topics_showEveryPartitionsEndOffset_andTheirSum() throws Exception {
    publish(5);
    transport.append("billing.dlq", List.of()).join();

    Http.Answer answer = http.get("/admin/topics");

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.contentType()).startsWith("application/json");
    JsonNode order = find(answer.json(), "shop.order");
    Map<Integer, Long> ends = transport.endOffsets("shop.order").orElseThrow();
    assertThat(order.get("internal").asBoolean()).isFalse();
    assertThat(order.get("events").asLong()).isEqualTo(5);
    assertThat(order.get("partitions")).hasSize(3);
    for (JsonNode partition : order.get("partitions")) {
      assertThat(partition.get("endOffset").asLong())
          .isEqualTo(ends.get(partition.get("partition").asInt()));
    }
    assertThat(find(answer.json(), "billing.dlq").get("internal").asBoolean()).isTrue();
    assertThat(names(http.get("/admin/topics?internal=false").json()))
        .contains("shop.order")
        .doesNotContain("billing.dlq");
  }

  @Test
  void topic_byName_answersOne_andAnUnknownOneIs404WithoutCreatingIt() throws Exception {
    publish(2);

    Http.Answer known = http.get("/admin/topics/shop.order");
    Http.Answer unknown = http.get("/admin/topics/shop.nothing");

    assertThat(known.status()).as(known.body()).isEqualTo(200);
    assertThat(known.json().get("name").asText()).isEqualTo("shop.order");
    assertThat(known.json().get("events").asLong()).isEqualTo(2);
    assertProblem(unknown, 404, "no topic shop.nothing");
    assertThat(transport.topics().orElseThrow()).doesNotContain("shop.nothing");
    assertProblem(http.get("/admin/topics/bad%20name"), 400, "topic name");
    assertProblem(http.get("/admin/topics?internal=maybe"), 400, "internal", "true or false");
    assertProblem(http.get("/admin/topics?intrnal=false"), 400, "intrnal");
  }

  @Test
  void topicsAndGroups_onATransportThatCannotTell_are501() throws Exception {
    Transport blind =
        new ForwardingTransport(transport) {
          @Override
          public Optional<Set<String>> topics() {
            return Optional.empty();
          }

          @Override
          public Optional<List<dev.herald.core.spi.CommittedOffsets>> committedOffsets() {
            return Optional.empty();
          }
        };
    try (Gateway other = Gateway.builder(blind).start()) {
      Http client = new Http(other.uri());

      assertProblem(client.get("/admin/topics"), 501, "cannot list its topics");
      assertProblem(client.get("/admin/groups"), 501, "committed offsets");
    }
  }

  static JsonNode find(JsonNode topics, String name) {
    return StreamSupport.stream(topics.spliterator(), false)
        .filter(topic -> topic.get("name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no topic " + name + " in " + topics));
  }

  private static List<String> names(JsonNode topics) {
    return StreamSupport.stream(topics.spliterator(), false)
        .map(topic -> topic.get("name").asText())
        .toList();
  }
}
