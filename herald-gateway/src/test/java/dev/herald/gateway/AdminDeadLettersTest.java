package dev.herald.gateway;

import static dev.herald.gateway.PublishTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.EventBus;
import dev.herald.core.EventType;
import dev.herald.core.RetryPolicy;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.testkit.Await;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdminDeadLettersTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final String BASE = "/admin/groups/billing/dead-letters";

  @EventType(name = "shop.payment.received", key = "orderId")
  record PaymentReceived(String orderId, int cents) {}

  private final Set<String> broken = ConcurrentHashMap.newKeySet();
  private final BlockingQueue<String> handled = new LinkedBlockingQueue<>();
  private Transport transport;
  private EventBus billing;
  private Gateway gateway;
  private Http http;

  @BeforeEach
  void start() {
    transport = Transports.memory(3);
    billing = EventBus.builder("billing").transport(transport).retry(RetryPolicy.none()).build();
    billing.on(
        PaymentReceived.class,
        (payment, context) -> {
          if (broken.contains(payment.orderId())) {
            throw new IllegalStateException("ledger closed for " + payment.orderId());
          }
          handled.add(payment.orderId());
        });
    billing.start();
    gateway = Gateway.builder(transport).start();
    http = new Http(gateway.uri());
  }

  @AfterEach
  void stop() {
    gateway.close();
    billing.close();
    transport.close();
  }

  private JsonNode awaitDeadLetters(int count) throws Exception {
    return Await.until(
        count + " dead letters of billing",
        WAIT,
        Duration.ofMillis(20),
        () -> {
          try {
            return http.get(BASE).json();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        answer -> answer.path("matched").asInt() == count);
  }

  private Http.Answer post(String path, String body) throws Exception {
    return http.post(path, "application/json", body);
  }

  private static String idOf(JsonNode list, String orderId) {
    for (JsonNode letter : list.get("deadLetters")) {
      if (letter.get("data").get("orderId").asText().equals(orderId)) {
        return letter.get("dlqid").asText();
      }
    }
    throw new AssertionError("no dead letter of order " + orderId + " in " + list);
  }

  @Test
  void deadLetters_areListedShownReplayedAndPurged() throws Exception {
    broken.addAll(Set.of("o-1", "o-2"));
    billing.publish(new PaymentReceived("o-1", 100));
    billing.publish(new PaymentReceived("o-2", 200));

    JsonNode list = awaitDeadLetters(2);
    assertThat(list.get("pending").asInt()).isEqualTo(2);
    JsonNode first = list.get("deadLetters").get(0);
    assertThat(first.get("type").asText()).isEqualTo("shop.payment.received");
    assertThat(first.get("heraldtopic").asText()).isEqualTo("shop.payment");
    assertThat(first.get("dlqgroup").asText()).isEqualTo("billing");
    assertThat(first.get("dlqstatus").asText()).isEqualTo("pending");
    assertThat(first.get("dlqerror").asText()).contains("ledger closed");
    assertThat(first.get("dlqposition").asText()).matches("billing\\.dlq/\\d+@\\d+");
    String one = idOf(list, "o-1");
    String two = idOf(list, "o-2");
    assertThat(http.get(BASE + "?key=o-1").json().get("deadLetters")).hasSize(1);
    assertThat(http.get(BASE + "?reason=not-retryable").json().get("matched").asInt()).isZero();
    assertThat(
            http.get(BASE + "?since=1h&type=shop.payment.received").json().get("matched").asInt())
        .isEqualTo(2);
    assertThat(http.get(BASE + "?until=2020-01-01T00:00:00Z").json().get("matched").asInt())
        .isZero();
    assertThat(http.get(BASE + "?limit=1").json().get("deadLetters")).hasSize(1);

    Http.Answer shown = http.get(BASE + "/" + one);
    assertThat(shown.status()).as(shown.body()).isEqualTo(200);
    assertThat(shown.json().get("dlqid").asText()).isEqualTo(one);
    String eventId = shown.json().get("id").asText();
    assertThat(http.get(BASE + "/" + eventId).json().get("dlqid").asText()).isEqualTo(one);

    broken.remove("o-1");
    Http.Answer replayed = post(BASE + "/replay", "{\"ids\":[\"" + one + "\"]}");
    assertThat(replayed.status()).as(replayed.body()).isEqualTo(200);
    assertThat(replayed.json().get("count").asInt()).isEqualTo(1);
    assertThat(replayed.json().get("message").asText()).contains("replayed 1 dead letters");
    assertThat(handled.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("o-1");

    Http.Answer purged = post(BASE + "/purge", "{\"key\":\"o-2\"}");
    assertThat(purged.status()).as(purged.body()).isEqualTo(200);
    assertThat(purged.json().get("count").asInt()).isEqualTo(1);
    assertThat(purged.json().get("deadLetters").get(0).get("dlqid").asText()).isEqualTo(two);

    JsonNode after = http.get(BASE).json();
    assertThat(after.get("matched").asInt()).isZero();
    assertThat(after.get("replayed").asInt()).isEqualTo(1);
    assertThat(after.get("purged").asInt()).isEqualTo(1);
    assertThat(http.get(BASE + "?all=true").json().get("matched").asInt()).isEqualTo(2);
    Http.Answer again = http.send(http.request(BASE + "/" + two).DELETE().build());
    assertThat(again.status()).as(again.body()).isEqualTo(200);
    assertThat(again.json().get("count").asInt()).isZero();
    assertThat(again.json().get("message").asText()).contains("already purged");
    assertThat(handled).isEmpty();
  }

  @Test
  void replayAll_sendsEveryPendingOne() throws Exception {
    broken.add("o-3");
    billing.publish(new PaymentReceived("o-3", 300));
    awaitDeadLetters(1);
    broken.clear();

    Http.Answer replayed = post(BASE + "/replay", "{\"all\":true}");

    assertThat(replayed.json().get("count").asInt()).as(replayed.body()).isEqualTo(1);
    assertThat(handled.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("o-3");
  }

  @Test
  void badFiltersAndSelections_areProblemsNamingWhatIsWrong() throws Exception {
    assertProblem(http.get(BASE + "?reason=nope"), 400, "reason", "nope", "retries-exhausted");
    assertProblem(http.get(BASE + "?since=yesterday"), 400, "since", "not a time");
    assertProblem(http.get(BASE + "?since=2h&until=3h"), 400, "until", "not after");
    assertProblem(http.get(BASE + "?limit=0"), 400, "limit");
    assertProblem(http.get(BASE + "?typ=x"), 400, "typ is unknown");
    assertProblem(post(BASE + "/replay", "{}"), 400, "say which dead letters");
    assertProblem(post(BASE + "/replay", "{\"ids\":[]}"), 400, "ids");
    assertProblem(post(BASE + "/purge", "{\"all\":true,\"type\":\"x\"}"), 400, "not both");
    assertProblem(post(BASE + "/purge", "{\"colour\":\"red\"}"), 400, "colour");
    assertProblem(post(BASE + "/purge", "{\"since\":\"soon\"}"), 400, "since");
    assertProblem(post(BASE + "/purge", "{nope"), 400, "not valid JSON");
    assertProblem(http.get("/admin/groups/bad%20group/dead-letters"), 400, "consumer group name");
  }

  @Test
  void unknownDeadLetters_are404_andLookingCreatesNoTopic() throws Exception {
    Http.Answer none = http.get("/admin/groups/nobody/dead-letters");

    assertThat(none.status()).as(none.body()).isEqualTo(200);
    assertThat(none.json().get("matched").asInt()).isZero();
    assertProblem(http.get("/admin/groups/nobody/dead-letters/x-1"), 404, "no dead letter x-1");
    assertProblem(
        post("/admin/groups/nobody/dead-letters/replay", "{\"ids\":[\"x-1\",\"x-2\"]}"),
        404,
        "x-1, x-2");
    assertThat(
            post("/admin/groups/nobody/dead-letters/purge", "{\"all\":true}")
                .json()
                .get("count")
                .asInt())
        .isZero();
    assertThat(transport.topics().orElseThrow()).doesNotContain("nobody.dlq", "nobody.dlq-actions");
    assertProblem(http.get(BASE + "/x-1"), 404, "no dead letter x-1");
  }

  @Test
  void replay_isRefusedWhenBodyIsLargerThanAllowed() throws Exception {
    // as a client should send a large body: the gateway refuses it by its Content-Length, before
    // any of it is sent (without Expect, it closes the connection while the body is still coming)
    HttpRequest request =
        http.request(BASE + "/replay")
            .expectContinue(true)
            .POST(HttpRequest.BodyPublishers.ofString("{\"ids\":[\"" + "x".repeat(70_000) + "\"]}"))
            .build();

    assertProblem(http.send(request), 413, "at most");
  }
}
