package dev.herald.gateway;

import static dev.herald.gateway.PublishTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import java.net.http.HttpRequest;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AdminAccessTest {
  private static final String ADMIN = "hgt_admin-secret";
  private static final String PUBLISHER = "hgt_publisher-secret";

  private Transport transport;
  private Gateway gateway;
  private Http http;

  @BeforeEach
  void start() {
    transport = Transports.memory(2);
    AccessTokens tokens =
        AccessTokens.of(
            List.of(
                ApiToken.of("ops", ADMIN, List.of(), List.of(), true),
                ApiToken.of(
                    "shop", PUBLISHER, List.of(new TopicPattern("shop.*")), List.of(), false)));
    gateway = Gateway.builder(transport).tokens(tokens).start();
    http = new Http(gateway.uri());
  }

  @AfterEach
  void stop() {
    gateway.close();
    transport.close();
  }

  private Http.Answer get(String path, String token) throws Exception {
    HttpRequest.Builder request = http.request(path).GET();
    if (!token.isEmpty()) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(request.build());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/admin/topics",
        "/admin/topics/shop.order",
        "/admin/groups",
        "/admin/groups/billing",
        "/admin/groups/billing/dead-letters",
        "/admin/groups/billing/dead-letters/some-id",
        "/admin/events",
        "/admin/events/some-id",
        "/admin/events?correlationid=flow"
      })
  void adminEndpoint_needsATokenWithTheAdminRight(String path) throws Exception {
    assertProblem(get(path, ""), 401, "needs an API token");
    assertProblem(get(path, PUBLISHER), 403, "shop may not use the admin API");
    assertThat(get(path, ADMIN).status()).isNotIn(401, 403);
  }

  @ParameterizedTest
  @ValueSource(strings = {"replay", "purge"})
  void deadLetterActions_needTheAdminRight(String action) throws Exception {
    String path = "/admin/groups/billing/dead-letters/" + action;
    HttpRequest.Builder request =
        http.request(path).POST(HttpRequest.BodyPublishers.ofString("{\"all\":true}"));

    assertProblem(http.send(request.copy().build()), 401, "needs an API token");
    assertProblem(
        http.send(request.copy().header("Authorization", "Bearer " + PUBLISHER).build()),
        403,
        "may not use the admin API");
    Http.Answer admitted =
        http.send(request.copy().header("Authorization", "Bearer " + ADMIN).build());
    assertThat(admitted.status()).as(admitted.body()).isEqualTo(200);
    assertProblem(
        http.send(
            http.request("/admin/groups/billing/dead-letters/x")
                .header("Authorization", "Bearer " + PUBLISHER)
                .DELETE()
                .build()),
        403,
        "admin");
  }
}
