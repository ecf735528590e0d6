package dev.herald.gateway;

import static dev.herald.gateway.PublishTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.testkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminEventsTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String CE = "application/cloudevents+json";

  private Transport transport;
  private Gateway gateway;
  private Http http;

  @BeforeEach
  void start() {
    transport = Transports.memory(3);
    gateway = Gateway.builder(transport).eventIndex(1_000, 1 << 20, Duration.ofMillis(20)).start();
    http = new Http(gateway.uri());
  }

  @AfterEach
  void stop() {
    gateway.close();
    transport.close();
  }

  private static String event(String id, String type, String time, String flow, String cause) {
    return ("{\"specversion\":\"1.0\",\"id\":\"%s\",\"source\":\"/shop\",\"type\":\"%s\","
            + "\"time\":\"%s\",\"partitionkey\":\"o-1\",\"correlationid\":\"%s\"%s,"
            + "\"data\":{\"orderId\":\"o-1\"}}")
        .formatted(
            id, type, time, flow, cause.isEmpty() ? "" : ",\"causationid\":\"" + cause + "\"");
  }

  private JsonNode publish(String topic, String event) throws Exception {
    Http.Answer answer = http.post("/topics/" + topic + "/events", CE, event);
    assertThat(answer.status()).as(answer.body()).isEqualTo(202);
    return answer.json().get("positions").get(0);
  }

  private JsonNode awaitGet(String path, int status) throws Exception {
    return Await.until(
            path + " answering " + status,
            WAIT,
            Duration.ofMillis(20),
            () -> {
              try {
                return http.get(path);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            },
            answer -> answer.status() == status)
        .json();
  }

  @Test
  void eventById_isTheEventAsPublished_withWhereItIsStored() throws Exception {
    JsonNode position =
        publish("shop.order", event("e-1", "shop.order.placed", "2026-11-24T10:00:00Z", "f", ""));

    JsonNode found = awaitGet("/admin/events/e-1", 200);

    assertThat(found.get("id").asText()).isEqualTo("e-1");
    assertThat(found.get("type").asText()).isEqualTo("shop.order.placed");
    assertThat(found.get("data").get("orderId").asText()).isEqualTo("o-1");
    assertThat(found.get("correlationid").asText()).isEqualTo("f");
    assertThat(found.get("heraldtopic").asText()).isEqualTo("shop.order");
    assertThat(found.get("heraldpartition").asInt()).isEqualTo(position.get("partition").asInt());
    assertThat(found.get("heraldoffset").asLong()).isEqualTo(position.get("offset").asLong());
    assertProblem(http.get("/admin/events/e-unknown"), 404, "no event with id e-unknown");
  }

  @Test
  void eventsByCorrelation_areTheWholeFlowInTimeOrder_acrossTopics() throws Exception {
    publish(
        "shop.shipping", event("ship", "shop.shipping.done", "2026-11-24T10:00:03Z", "f", "pay"));
    publish("shop.order", event("place", "shop.order.placed", "2026-11-24T10:00:01Z", "f", ""));
    publish(
        "shop.payment", event("pay", "shop.payment.taken", "2026-11-24T10:00:02Z", "f", "place"));
    publish("shop.order", event("other", "shop.order.placed", "2026-11-24T10:00:00Z", "g", ""));

    Await.until(
        "the flow's three events indexed",
        WAIT,
        Duration.ofMillis(20),
        () -> {
          try {
            return http.get("/admin/events?correlationid=f").json().size();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        size -> size == 3);
    JsonNode flow = http.get("/admin/events?correlationid=f").json();

    assertThat(ids(flow)).containsExactly("place", "pay", "ship");
    assertThat(flow.get(1).get("causationid").asText()).isEqualTo("place");
    assertThat(flow.get(2).get("heraldtopic").asText()).isEqualTo("shop.shipping");
    assertThat(http.get("/admin/events?correlationid=nothing").json()).isEmpty();
    assertThat(ids(http.get("/admin/events?topic=shop.order&limit=1").json()))
        .containsExactly("other");
    assertThat(ids(http.get("/admin/events?type=shop.payment.taken").json()))
        .containsExactly("pay");
  }

  @Test
  void badEventQueries_areProblems() throws Exception {
    assertProblem(http.get("/admin/events?limit=many"), 400, "limit", "many");
    assertProblem(http.get("/admin/events?limit=5000"), 400, "limit");
    assertProblem(http.get("/admin/events?correlationid="), 400, "correlationid is empty");
    assertProblem(http.get("/admin/events?correlationid=f&limit=3"), 400, "whole flow");
    assertProblem(http.get("/admin/events?flow=f"), 400, "flow is unknown");
  }

  private static List<String> ids(JsonNode events) {
    return StreamSupport.stream(events.spliterator(), false)
        .map(e -> e.get("id").asText())
        .toList();
  }
}
