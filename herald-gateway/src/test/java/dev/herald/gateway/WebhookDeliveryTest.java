package dev.herald.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.gateway.WebhookReceiver.Received;
import dev.herald.gateway.WebhookReceiver.Reply;
import dev.herald.testkit.Await;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookDeliveryTest {
  private static final String TOPIC = "shop.order";
  private static final Duration WAIT = WebhookApi.TIMEOUT;

  private Transport transport;
  private Gateway gateway;
  private Http http;
  private WebhookApi api;

  @BeforeEach
  void start() {
    transport = Transports.memory(3);
    gateway =
        Gateway.builder(transport)
            .webhookAllowList(List.of("127.0.0.0/8"))
            .webhooks(
                settings ->
                    settings.withRetries(
                        RetrySchedule.of(Duration.ofMillis(10), Duration.ofMillis(20))))
            .start();
    http = new Http(gateway.uri());
    api = new WebhookApi(http, transport);
  }

  @AfterEach
  void stop() {
    gateway.close();
    transport.close();
  }

  @Test
  void delivery_isACloudEventSignedAsStandardWebhooks_thatTheReceiverVerifies() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      JsonNode created =
          api.create(
              "{\"url\":\""
                  + receiver.url()
                  + "\",\"topics\":[\""
                  + TOPIC
                  + "\"],"
                  + "\"types\":[\"shop.order.pl*\"]}");
      api.publish(TOPIC, "e-0", "shop.order.cancelled");
      api.publish(TOPIC, "e-1", "shop.order.placed");

      Received got = receiver.next(WAIT);

      assertThat(got.verifiesWith(created.get("secret").asText())).isTrue();
      assertThat(got.verifiesWith(WebhookSecrets.generate().current())).isFalse();
      assertThat(got.header("webhook-id")).startsWith("msg_");
      assertThat(Long.parseLong(got.header("webhook-timestamp")))
          .isCloseTo(Instant.now().getEpochSecond(), offset(60L));
      assertThat(got.header("content-type")).startsWith("application/cloudevents+json");
      JsonNode event = new ObjectMapper().readTree(got.body());
      assertThat(event.get("id").asText()).isEqualTo("e-1");
      assertThat(event.get("type").asText()).isEqualTo("shop.order.placed");
      assertThat(event.get("data").get("n").asText()).isEqualTo("e-1");
      JsonNode attempt = api.awaitAttempts(created.get("id").asText(), 1).get(0);
      assertThat(attempt.get("outcome").asText()).isEqualTo("delivered");
      assertThat(attempt.get("messageId").asText()).isEqualTo(got.header("webhook-id"));
      assertThat(receiver.all()).hasSize(1); // e-0 was of a type it does not take
    }
  }

  @Test
  void failingTwice_isDeliveredOnTheThirdAttempt_andEveryAttemptIsListed() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(Reply.of(500), Reply.of(502))) {
      String id = api.create(receiver.url(), TOPIC).get("id").asText();
      api.publish(TOPIC, "e-1", "shop.order.placed");

      List<Received> got = List.of(receiver.next(WAIT), receiver.next(WAIT), receiver.next(WAIT));
      JsonNode attempts = api.awaitAttempts(id, 3);

      assertThat(got)
          .extracting(r -> r.header("webhook-id"))
          .containsOnly(got.get(0).header("webhook-id"));
      assertThat(attempts).extracting(a -> a.get("attempt").asInt()).containsExactly(3, 2, 1);
      assertThat(attempts)
          .extracting(a -> a.get("outcome").asText())
          .containsExactly("delivered", "retrying", "retrying");
      assertThat(attempts).extracting(a -> a.get("status").asInt()).containsExactly(200, 502, 500);
      assertThat(attempts.get(2).has("nextAttempt")).isTrue();
      assertThat(attempts.get(0).has("nextAttempt")).isFalse();
      assertThat(attempts).allSatisfy(a -> assertThat(a.get("eventId").asText()).isEqualTo("e-1"));
    }
  }

  @Test
  void failingOnEveryAttempt_isGivenUpAfterTheLastScheduledRetry() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(request -> Reply.of(500))) {
      String id = api.create(receiver.url(), TOPIC).get("id").asText();
      api.publish(TOPIC, "e-1", "shop.order.placed");

      JsonNode attempts =
          api.awaitAttempts(
              id,
              "a failed attempt",
              all -> !all.isEmpty() && outcome(all.get(0)).equals("failed"));

      assertThat(attempts)
          .extracting(WebhookDeliveryTest::outcome)
          .containsExactly("failed", "retrying", "retrying");
      assertThat(attempts.get(0).has("nextAttempt")).isFalse();
      assertThat(receiver.all()).hasSize(3);
    }
  }

  @Test
  void failingMessage_waitsForItsRetry_whileLaterEventsAreDelivered() throws Exception {
    try (Gateway slow =
            Gateway.builder(transport)
                .webhookAllowList(List.of("127.0.0.0/8"))
                .webhooks(settings -> settings.withRetries(RetrySchedule.of(Duration.ofHours(1))))
                .start();
        WebhookReceiver receiver =
            new WebhookReceiver(
                request -> Reply.of(request.text().contains("\"e-1\"") ? 500 : 200))) {
      WebhookApi slowApi = new WebhookApi(new Http(slow.uri()), transport);
      String id = slowApi.create(receiver.url(), TOPIC).get("id").asText();
      slowApi.publish(TOPIC, "e-1", "shop.order.placed");
      slowApi.publish(TOPIC, "e-2", "shop.order.placed");

      JsonNode attempts = slowApi.awaitAttempts(id, 2);

      assertThat(attempts).extracting(a -> a.get("eventId").asText()).containsExactly("e-2", "e-1");
      assertThat(attempts)
          .extracting(WebhookDeliveryTest::outcome)
          .containsExactly("delivered", "retrying");
      Instant failedAt = Instant.parse(attempts.get(1).get("time").asText());
      assertThat(Instant.parse(attempts.get(1).get("nextAttempt").asText()))
          .isAfter(failedAt.plus(Duration.ofMinutes(59)));
    }
  }

  @Test
  void gone_disablesTheWebhook_whichGetsNothingMoreUntilEnabledAgain() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(Reply.of(410));
        WebhookReceiver control = new WebhookReceiver()) {
      String id = api.create(receiver.url(), TOPIC).get("id").asText();
      api.create(control.url(), TOPIC);
      api.publish(TOPIC, "e-1", "shop.order.placed");
      receiver.next(WAIT);
      control.next(WAIT);
      JsonNode disabled =
          Await.until(
              "webhook disabled",
              WAIT,
              Duration.ofMillis(20),
              () -> get(id),
              webhook -> !webhook.get("enabled").asBoolean());

      api.publish(TOPIC, "e-2", "shop.order.placed");
      control.next(WAIT);

      assertThat(disabled.get("disabledReason").asText()).contains("410 Gone");
      assertThat(receiver.all()).hasSize(1);
      assertThat(api.attempts(id)).hasSize(1);
      assertThat(api.attempts(id).get(0).get("outcome").asText()).isEqualTo("failed");

      assertThat(api.patch(id, "{\"enabled\":true}").status()).isEqualTo(200);
      Received resumed = receiver.next(WAIT);
      assertThat(new ObjectMapper().readTree(resumed.body()).get("id").asText()).isEqualTo("e-2");
    }
  }

  @ParameterizedTest(name = "{0} with Retry-After")
  @ValueSource(ints = {429, 503})
  void retryAfter_isWaitedFor_beforeTheNextAttempt(int status) throws Exception {
    try (WebhookReceiver receiver =
        new WebhookReceiver(new Reply(status, Map.of("Retry-After", "1")))) {
      String id = api.create(receiver.url(), TOPIC).get("id").asText();
      api.publish(TOPIC, "e-1", "shop.order.placed");

      Received first = receiver.next(WAIT);
      Received second = receiver.next(WAIT);

      JsonNode attempts = api.awaitAttempts(id, 2);
      JsonNode refused = attempts.get(1);
      assertThat(refused.get("status").asInt()).isEqualTo(status);
      Instant at = Instant.parse(refused.get("time").asText());
      Instant next = Instant.parse(refused.get("nextAttempt").asText());
      assertThat(Duration.between(at, next)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
      assertThat(Duration.ofNanos(second.nanoTime() - first.nanoTime()))
          .isGreaterThanOrEqualTo(Duration.ofMillis(900)); // the schedule alone says 10 ms
      assertThat(attempts.get(0).get("outcome").asText()).isEqualTo("delivered");
    }
  }

  @Test
  void resend_deliversTheMessageAgain_withTheSameWebhookId() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      JsonNode created = api.create(receiver.url(), TOPIC);
      String id = created.get("id").asText();
      api.publish(TOPIC, "e-1", "shop.order.placed");
      Received first = receiver.next(WAIT);
      String messageId = api.awaitAttempts(id, 1).get(0).get("messageId").asText();

      Http.Answer resent =
          http.post(
              "/admin/webhooks/" + id + "/messages/" + messageId + "/resend",
              "application/json",
              "");

      assertThat(resent.status()).as(resent.body()).isEqualTo(200);
      assertThat(resent.json().get("attempt").asInt()).isEqualTo(2);
      Received again = receiver.next(WAIT);
      assertThat(again.header("webhook-id")).isEqualTo(first.header("webhook-id"));
      assertThat(again.text()).isEqualTo(first.text());
      assertThat(again.verifiesWith(created.get("secret").asText())).isTrue();
      PublishTest.assertProblem(
          http.post("/admin/webhooks/" + id + "/messages/msg_nope/resend", "application/json", ""),
          404,
          "msg_nope");
    }
  }

  @Test
  void rotatedSecret_signsWithBoth_soEitherSecretVerifies() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      JsonNode created = api.create(receiver.url(), TOPIC);
      String id = created.get("id").asText();
      Http.Answer rotated =
          http.post("/admin/webhooks/" + id + "/rotate-secret", "application/json", "");
      assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
      String oldSecret = created.get("secret").asText();
      String newSecret = rotated.json().get("secret").asText();
      assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);

      api.publish(TOPIC, "e-1", "shop.order.placed");
      Received got = receiver.next(WAIT);

      assertThat(got.header("webhook-signature").split(" ", -1)).hasSize(2);
      assertThat(got.verifiesWith(oldSecret)).isTrue();
      assertThat(got.verifiesWith(newSecret)).isTrue();
      assertThat(api.get(id).has("secret")).isFalse();
    }
  }

  private static String outcome(JsonNode attempt) {
    return attempt.get("outcome").asText();
  }

  private JsonNode get(String id) {
    try {
      return api.get(id);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
