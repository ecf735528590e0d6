package dev.herald.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.Envelope;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PublishTest {
  private static final String TOPIC = "shop.order";

  private Transport transport;
  private Gateway gateway;
  private Http http;

  @BeforeEach
  void start() {
    transport = Transports.memory(3);
    gateway = Gateway.builder(transport).maxBodyBytes(4096).start();
    http = new Http(gateway.uri());
  }

  @AfterEach
  void stop() {
    gateway.close();
    transport.close();
  }

  private static String event(String id, int cents) {
    return ("{\"specversion\":\"1.0\",\"id\":\"e-%s\",\"source\":\"/web\",\"type\":\"shop.order.placed\","
            + "\"partitionkey\":\"o-1\",\"data\":{\"orderId\":\"o-1\",\"cents\":%s}}")
        .formatted(id, cents);
  }

  @Test
  void structured_isStoredAsSent_andAnsweredWithItsPosition() throws Exception {
    Http.Answer answer =
        http.post("/topics/shop.order/events", "application/cloudevents+json", event("1", 150));

    assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    JsonNode position = answer.json().get("positions").get(0);
    assertThat(position.get("id").asText()).isEqualTo("e-1");
    assertThat(position.get("topic").asText()).isEqualTo(TOPIC);
    List<Envelope> stored = Topics.read(transport, TOPIC);
    assertThat(stored).hasSize(1);
    Envelope event = stored.get(0);
    assertThat(event.partitionKey()).contains("o-1");
    assertThat(event.dataAsString()).isEqualTo("{\"orderId\":\"o-1\",\"cents\":150}");
    assertThat(position.get("partition").asInt()).isBetween(0, 2);
  }

  @Test
  void binaryMode_takesAttributesFromHeaders_andTheBodyAsData() throws Exception {
    HttpRequest request =
        http.request("/topics/shop.order/events")
            .header("Content-Type", "application/json")
            .header("ce-specversion", "1.0")
            .header("ce-id", "b-1")
            .header("ce-source", "/billing")
            .header("ce-type", "shop.order.placed")
            .header("ce-time", "2026-11-24T10:00:00Z")
            .header("ce-correlationid", "flow%201")
            .POST(HttpRequest.BodyPublishers.ofString("{\"orderId\":\"o-2\"}"))
            .build();

    Http.Answer answer = http.send(request);

    assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    Envelope event = Topics.read(transport, TOPIC).get(0);
    assertThat(event.id()).isEqualTo("b-1");
    assertThat(event.source()).isEqualTo("/billing");
    assertThat(event.time()).contains(Instant.parse("2026-11-24T10:00:00Z"));
    assertThat(event.correlationId()).contains("flow 1");
    assertThat(event.dataContentType()).contains("application/json");
    assertThat(event.dataAsString()).isEqualTo("{\"orderId\":\"o-2\"}");
  }

  @Test
  void batch_isStoredWhole_inOrder() throws Exception {
    String batch = "[" + event("1", 1) + "," + event("2", 2) + "," + event("3", 3) + "]";

    Http.Answer answer =
        http.post("/topics/shop.order/events", "application/cloudevents-batch+json", batch);

    assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    assertThat(answer.json().get("positions")).hasSize(3);
    assertThat(Topics.read(transport, TOPIC))
        .extracting(Envelope::id)
        .containsExactly("e-1", "e-2", "e-3");
  }

  @Test
  void badRequests_getProblemJsonSayingWhatIsWrong_andStoreNothing() throws Exception {
    String path = "/topics/shop.order/events";
    String ce = "application/cloudevents+json";
    String batch = "application/cloudevents-batch+json";
    assertProblem(http.post(path, ce, "{\"specversion\":"), 400, "not valid JSON");
    assertProblem(http.post(path, ce, event("1", 1).replace("\"1.0\"", "\"0.3\"")), 400, "0.3");
    assertProblem(http.post(path, ce, event("1", 1).replace("\"id\":\"e-1\",", "")), 400, "'id'");
    assertProblem(http.post(path, batch, "[]"), 400, "no events");
    assertProblem(
        http.post(path, batch, "[" + event("1", 1) + ",{\"id\":1}]"), 400, "event 1 of the batch");
    assertProblem(http.post(path, "application/json", "{}"), 400, "ce- headers");
    assertProblem(
        http.post(path, "application/cloudevents+avro", event("1", 1)), 415, "not supported");
    assertProblem(http.post(path, ce, "x".repeat(5000)), 413, "at most 4096 bytes");
    assertProblem(http.post("/topics/bad%20topic/events", ce, event("1", 1)), 400, "topic name");

    assertThat(transport.endOffsets(TOPIC).orElseThrow().values()).containsOnly(0L);
  }

  @Test
  void schema_refusesDataItDoesNotAccept_andNothingIsStored() throws Exception {
    String schema =
        "{\"type\":\"object\",\"required\":[\"orderId\",\"cents\"],"
            + "\"properties\":{\"cents\":{\"type\":\"integer\",\"minimum\":1}}}";
    Http.Answer put =
        http.send(
            http.request("/admin/schemas/shop.order.placed")
                .header("Content-Type", "application/schema+json")
                .PUT(HttpRequest.BodyPublishers.ofString(schema))
                .build());
    assertThat(put.status()).as(put.body()).isEqualTo(201);

    String path = "/topics/shop.order/events";
    String batch = "[" + event("1", 5) + "," + event("2", 0) + "]";
    assertProblem(
        http.post(path, "application/cloudevents-batch+json", batch), 422, "event e-2", "minimum");
    assertThat(transport.endOffsets(TOPIC).orElseThrow().values()).containsOnly(0L);

    Http.Answer ok = http.post(path, "application/cloudevents+json", event("3", 5));
    assertThat(ok.status()).as(ok.body()).isEqualTo(202);
    assertThat(Topics.read(transport, TOPIC)).extracting(Envelope::id).containsExactly("e-3");
  }

  @Test
  void invalidSchema_isRefused() throws Exception {
    Http.Answer put =
        http.send(
            http.request("/admin/schemas/shop.order.placed")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"type\":\"no-such-type\"}"))
                .build());
    Http.Answer notJson =
        http.send(
            http.request("/admin/schemas/shop.order.placed")
                .PUT(HttpRequest.BodyPublishers.ofString("{"))
                .build());

    assertProblem(put, 400, "not valid");
    assertProblem(notJson, 400, "not valid JSON");
  }

  @Test
  void unknownRoutesAndMethods_areProblems() throws Exception {
    assertProblem(http.get("/nowhere"), 404, "/nowhere");
    assertProblem(http.get("/topics/shop.order/events"), 405, "GET");
  }

  @Test
  void health_andMetrics_answer() throws Exception {
    http.post("/topics/shop.order/events", "application/cloudevents+json", event("1", 1));

    assertThat(http.get("/health/live").status()).isEqualTo(200);
    Http.Answer ready = http.get("/health/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().get("status").asText()).isEqualTo("UP");
    assertThat(http.get("/metrics").body()).contains("herald_gateway_events_published_total 1.0");
  }

  static void assertProblem(Http.Answer answer, int status, String... detail) throws Exception {
    assertThat(answer.status()).as(answer.body()).isEqualTo(status);
    assertThat(answer.contentType()).isEqualTo("application/problem+json");
    JsonNode problem = answer.json();
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("type").asText()).startsWith("urn:herald:gateway:problem:");
    assertThat(problem.get("detail").asText()).contains(detail);
  }
}
