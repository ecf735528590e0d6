package dev.herald.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookSsrfTest {
  private static final String TOPIC = "shop.order";

  private final Transport transport = Transports.memory(1);
  private final AtomicReference<String> dnsAnswer = new AtomicReference<>("93.184.216.34");
  private final HostResolver dns =
      host -> {
        if (!host.equals("hooks.example")) {
          throw new UnknownHostException(host + " is not in this test's DNS");
        }
        return List.of(AddressGuardTest.address(dnsAnswer.get()));
      };
  private Gateway gateway;

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    transport.close();
  }

  private WebhookApi start(List<String> allowList) {
    gateway =
        Gateway.builder(transport)
            .webhookAllowList(allowList)
            .webhooks(settings -> settings.withResolver(dns))
            .start();
    return new WebhookApi(new Http(gateway.uri()), transport);
  }

  @Test
  void delivery_connectsToTheAddressTheResolverAnswered() throws Exception {
    WebhookApi api = start(List.of("127.0.0.0/8"));
    dnsAnswer.set("127.0.0.1");
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      // hooks.example resolves nowhere but in the test's resolver
      URI url = URI.create("http://hooks.example:" + receiver.port() + "/hook");
      api.create(url, TOPIC);

      api.publish(TOPIC, "e-1", "shop.order.placed");

      assertThat(receiver.next(WebhookApi.TIMEOUT).header("host"))
          .isEqualTo("hooks.example:" + receiver.port());
    }
  }

  @ParameterizedTest(name = "a DNS answer turning to {0} is refused")
  @CsvSource({
    "127.0.0.1, a loopback address",
    "10.0.0.1, a private address",
    "169.254.169.254, a link-local address",
    "::ffff:127.0.0.1, a loopback address"
  })
  void dnsAnswerTurningPrivate_isRefusedAtDelivery_andNothingIsSent(String turnsTo, String what)
      throws Exception {
    WebhookApi api = start(List.of());
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      URI url = URI.create("http://hooks.example:" + receiver.port() + "/hook");
      String id = api.create(url, TOPIC).get("id").asText(); // checked while it answers public
      dnsAnswer.set(turnsTo);

      api.publish(TOPIC, "e-1", "shop.order.placed");
      JsonNode attempt = api.awaitAttempts(id, 1).get(0);

      assertThat(attempt.has("status")).isFalse();
      assertThat(attempt.get("error").asText())
          .contains("refused to connect to hooks.example")
          .contains(what);
      assertThat(attempt.get("outcome").asText()).isEqualTo("retrying");
      assertThat(receiver.all()).isEmpty();
    }
  }

  @Test
  void registration_refusesUrlsTheGuardRefuses_andStoresNothing() throws Exception {
    start(List.of());
    Http http = new Http(gateway.uri());
    dnsAnswer.set("10.1.2.3");
    String[] refused = {
      "http://127.0.0.1:8080/hook",
      "http://[::1]/hook",
      "http://169.254.169.254/latest/meta-data/",
      "http://[::ffff:10.0.0.1]/hook",
      "https://hooks.example/hook",
      "http://0.0.0.0/hook"
    };
    for (String url : refused) {
      PublishTest.assertProblem(
          http.post("/admin/webhooks", "application/json", body(url)), 422, "refused to connect");
    }
    PublishTest.assertProblem(
        http.post("/admin/webhooks", "application/json", body("http://nowhere.example/")),
        422,
        "cannot resolve nowhere.example");

    assertThat(http.get("/admin/webhooks").json().get("webhooks")).isEmpty();
    assertThat(transport.endOffsets(WebhookRegistry.TOPIC).orElseThrow().values()).containsOnly(0L);
  }

  private static String body(String url) {
    return "{\"url\":\"" + url + "\",\"topics\":[\"" + TOPIC + "\"]}";
  }
}
