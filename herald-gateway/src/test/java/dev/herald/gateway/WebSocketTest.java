package dev.herald.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.Envelope;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebSocketTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  private Transport transport;
  private Gateway gateway;
  private HttpClient client;

  @BeforeEach
  void start() {
    transport = Transports.memory(2);
    gateway = Gateway.builder(transport).allowedOrigins(List.of("https://app.example")).start();
    client = HttpClient.newHttpClient();
  }

  @AfterEach
  void stop() {
    gateway.close();
    transport.close();
  }

  private static String event(String id) {
    return "{\"specversion\":\"1.0\",\"id\":\""
        + id
        + "\",\"source\":\"/ws\",\"type\":\"shop.order.placed\",\"partitionkey\":\""
        + id
        + "\",\"data\":{\"id\":\""
        + id
        + "\"}}";
  }

  private static String publish(String id) {
    return "{\"type\":\"publish\",\"id\":\"p-"
        + id
        + "\",\"topic\":\"shop.order\",\"event\":"
        + event(id)
        + "}";
  }

  @Test
  void publish_isStored_andAnsweredWithItsPosition() throws Exception {
    try (WsClient ws = new WsClient(client, gateway.uri())) {
      ws.send(publish("w-1"));

      JsonNode answer = ws.next(WAIT);
      assertThat(answer.get("type").asText()).isEqualTo("published");
      assertThat(answer.get("id").asText()).isEqualTo("p-w-1");
      assertThat(answer.get("positions").get(0).get("id").asText()).isEqualTo("w-1");
    }
    assertThat(Topics.read(transport, "shop.order"))
        .extracting(Envelope::id)
        .containsExactly("w-1");
  }

  @Test
  void subscribe_streamsEvents_andAGroupResumesAfterWhatWasAcknowledged() throws Exception {
    try (WsClient ws = new WsClient(client, gateway.uri())) {
      ws.send(
          "{\"type\":\"subscribe\",\"id\":\"s1\",\"topic\":\"shop.order\",\"group\":\"mobile\","
              + "\"from\":\"earliest\"}");
      assertThat(ws.next(WAIT).get("type").asText()).isEqualTo("subscribed");
      for (int i = 0; i < 4; i++) {
        ws.send(publish("e-" + i));
      }

      Set<String> events = new HashSet<>();
      String position = null;
      while (events.size() < 4) {
        JsonNode message = ws.next(WAIT);
        if (message.get("type").asText().equals("event")) {
          assertThat(message.get("subscription").asText()).isEqualTo("s1");
          events.add(message.get("event").get("id").asText());
          position = message.get("position").asText();
        }
      }
      assertThat(events).containsExactlyInAnyOrder("e-0", "e-1", "e-2", "e-3");
      ws.send("{\"type\":\"ack\",\"subscription\":\"s1\",\"position\":\"" + position + "\"}");
      ws.send("{\"type\":\"unsubscribe\",\"subscription\":\"s1\"}");
      JsonNode unsubscribed = ws.next(WAIT);
      while (!unsubscribed.get("type").asText().equals("unsubscribed")) {
        unsubscribed = ws.next(WAIT);
      }
    }

    try (WsClient again = new WsClient(client, gateway.uri())) {
      again.send(publish("e-4"));
      again.send(
          "{\"type\":\"subscribe\",\"id\":\"s2\",\"topic\":\"shop.order\",\"group\":\"mobile\","
              + "\"from\":\"earliest\"}");
      JsonNode message = again.next(WAIT);
      while (!message.get("type").asText().equals("event")) {
        message = again.next(WAIT);
      }
      assertThat(message.get("event").get("id").asText())
          .as("the group resumes after what was acknowledged")
          .isEqualTo("e-4");
    }
  }

  @Test
  void badMessages_areAnsweredWithProblems() throws Exception {
    try (WsClient ws = new WsClient(client, gateway.uri())) {
      ws.send("not json");
      assertError(ws.next(WAIT), "not valid JSON");
      ws.send("{\"type\":\"dance\",\"id\":\"x\"}");
      JsonNode unknown = ws.next(WAIT);
      assertError(unknown, "unknown message type 'dance'");
      assertThat(unknown.get("id").asText()).isEqualTo("x");
      ws.send("{\"type\":\"subscribe\",\"id\":\"s\",\"topic\":\"shop.order\",\"from\":\"x\"}");
      assertError(ws.next(WAIT), "position 'x'");
      ws.send("{\"type\":\"publish\",\"id\":\"p\",\"topic\":\"shop.order\",\"event\":{}}");
      assertError(ws.next(WAIT), "specversion");
    }
  }

  private static void assertError(JsonNode message, String detail) {
    assertThat(message.get("type").asText()).isEqualTo("error");
    assertThat(message.get("problem").get("detail").asText()).contains(detail);
  }

  @Test
  void pagesFromOtherOrigins_mayNotConnect_unlessAllowed() {
    URI uri = URI.create("ws://" + gateway.uri().getAuthority() + "/ws");

    assertThatThrownBy(
            () ->
                client
                    .newWebSocketBuilder()
                    .header("Origin", "https://evil.example")
                    .buildAsync(uri, new WsClient.Ignoring())
                    .join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(WebSocketHandshakeException.class)
        .satisfies(
            e ->
                assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                    .isEqualTo(403));
    assertThat(
            client
                .newWebSocketBuilder()
                .header("Origin", "https://app.example")
                .buildAsync(uri, new WsClient.Ignoring())
                .join()
                .isInputClosed())
        .isFalse();
  }
}
