package dev.herald.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.HeraldException;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every token against every topic and operation: allowed exactly where its rights say. */
class AuthorizationMatrixTest {
  private static final String PUBLISHER = ApiToken.generateSecret();
  private static final String READER = ApiToken.generateSecret();
  private static final String ADMIN = ApiToken.generateSecret();
  private static final String UNKNOWN = ApiToken.generateSecret();

  private static Transport transport;
  private static Gateway gateway;
  private static Http http;

  @BeforeAll
  static void start() {
    transport = Transports.memory(1);
    AccessTokens tokens =
        AccessTokens.of(
            List.of(
                ApiToken.of(
                    "publisher",
                    PUBLISHER,
                    List.of(new TopicPattern("shop.*"), new TopicPattern("herald.*")),
                    List.of(new TopicPattern("herald.*")),
                    false),
                ApiToken.of(
                    "reader", READER, List.of(), List.of(new TopicPattern("shop.order")), false),
                ApiToken.of("ops", ADMIN, List.of(), List.of(), true)));
    gateway = Gateway.builder(transport).tokens(tokens).start();
    http = new Http(gateway.uri());
  }

  @AfterAll
  static void stop() {
    gateway.close();
    transport.close();
  }

  enum Operation {
    PUBLISH,
    SUBSCRIBE,
    ADMIN
  }

  static Stream<Arguments> matrix() {
    // token, topic, operation, expected status
    return Stream.of(
        Arguments.of("publisher", "shop.order", Operation.PUBLISH, 202),
        Arguments.of("publisher", "shop.payment", Operation.PUBLISH, 202),
        Arguments.of("publisher", "billing.invoice", Operation.PUBLISH, 403),
        Arguments.of("publisher", "shop.order", Operation.SUBSCRIBE, 403),
        Arguments.of("publisher", "shop.order", Operation.ADMIN, 403),
        Arguments.of("publisher", "herald.webhooks", Operation.PUBLISH, 403),
        Arguments.of("publisher", "herald.webhooks", Operation.SUBSCRIBE, 403),
        Arguments.of("ops", "herald.webhooks", Operation.SUBSCRIBE, 200),
        Arguments.of("reader", "shop.order", Operation.PUBLISH, 403),
        Arguments.of("reader", "shop.order", Operation.SUBSCRIBE, 200),
        Arguments.of("reader", "shop.payment", Operation.SUBSCRIBE, 403),
        Arguments.of("reader", "shop.order", Operation.ADMIN, 403),
        Arguments.of("ops", "billing.invoice", Operation.PUBLISH, 202),
        Arguments.of("ops", "billing.invoice", Operation.SUBSCRIBE, 200),
        Arguments.of("ops", "shop.order", Operation.ADMIN, 200),
        Arguments.of("unknown", "shop.order", Operation.PUBLISH, 401),
        Arguments.of("unknown", "shop.order", Operation.SUBSCRIBE, 401),
        Arguments.of("unknown", "shop.order", Operation.ADMIN, 401),
        Arguments.of("none", "shop.order", Operation.PUBLISH, 401),
        Arguments.of("none", "shop.order", Operation.SUBSCRIBE, 401),
        Arguments.of("none", "shop.order", Operation.ADMIN, 401));
  }

  @ParameterizedTest(name = "{0} {2} {1} -> {3}")
  @MethodSource("matrix")
  void eachTokenMayDoExactlyWhatItsRightsSay(
      String token, String topic, Operation operation, int expected) throws Exception {
    HttpRequest.Builder request =
        switch (operation) {
          case PUBLISH ->
              http.request("/topics/" + topic + "/events")
                  .header("Content-Type", "application/cloudevents+json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"s\",\"type\":\""
                              + topic
                              + ".x\"}"));
          case SUBSCRIBE ->
              http.request("/topics/" + topic + "/stream?from=earliest")
                  .header("Accept", "text/event-stream")
                  .GET();
          case ADMIN -> http.request("/admin/schemas").GET();
        };
    String secret =
        switch (token) {
          case "publisher" -> PUBLISHER;
          case "reader" -> READER;
          case "ops" -> ADMIN;
          case "unknown" -> UNKNOWN;
          default -> null;
        };
    if (secret != null) {
      request.header("Authorization", "Bearer " + secret);
    }

    int status =
        operation == Operation.SUBSCRIBE
            ? streamStatus(request)
            : http.send(request.build()).status();

    assertThat(status).isEqualTo(expected);
  }

  private static int streamStatus(HttpRequest.Builder request) throws Exception {
    try (SseReader reader = new SseReader(http.client(), request)) {
      return reader.status();
    }
  }

  @Test
  void aBrowserMayGiveItsTokenAsAQueryParameter() throws Exception {
    assertThat(http.get("/admin/schemas?access_token=" + ADMIN).status()).isEqualTo(200);
    assertThat(http.get("/admin/schemas?access_token=" + READER).status()).isEqualTo(403);
  }

  @Test
  void healthAndMetrics_needNoToken() throws Exception {
    assertThat(http.get("/health/live").status()).isEqualTo(200);
    assertThat(http.get("/metrics").status()).isEqualTo(200);
  }

  @Test
  void withoutTokens_onlyALoopbackAddressIsServed() {
    try (Transport memory = Transports.memory()) {
      assertThatThrownBy(() -> Gateway.builder(memory).host("0.0.0.0").start())
          .isInstanceOf(HeraldException.class)
          .hasMessageContaining("without API tokens")
          .hasMessageContaining("--tokens FILE");
    }
  }

  @Test
  void tokensFile_isRead_andItsMistakesNamed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("tokens.json");
    Files.writeString(
        file,
        "{\"tokens\":[{\"name\":\"ci\",\"token\":\"hgt_x\",\"publish\":[\"shop.*\"]},"
            + "{\"name\":\"ops\",\"sha256\":\""
            + ApiToken.sha256("hgt_y")
            + "\",\"admin\":true}]}",
        StandardCharsets.UTF_8);

    AccessTokens tokens = AccessTokens.load(file);

    assertThat(tokens.find("hgt_x")).hasValueSatisfying(t -> assertThat(t.name()).isEqualTo("ci"));
    assertThat(tokens.find("hgt_y").orElseThrow().admin()).isTrue();
    assertThat(tokens.find("hgt_z")).isEmpty();
    assertThat(tokens.tokens().get(0).sha256()).doesNotContain("hgt_x");
    assertRefused("{\"tokens\":[{\"name\":\"a\"}]}", "token 0", "either \"sha256\"");
    assertRefused("{\"tokens\":[{\"name\":\"a\",\"token\":\"t\",\"rights\":1}]}", "\"rights\"");
    assertRefused("{\"tokens\":[{\"name\":\"a\",\"token\":\"t\",\"publish\":[\"a b\"]}]}", "a b");
    assertRefused("{\"tokens\":{}}", "\"tokens\" array");
    assertRefused("{", "not valid JSON");
    assertRefused(
        "{\"tokens\":[{\"name\":\"a\",\"token\":\"t\"},{\"name\":\"a\",\"token\":\"u\"}]}",
        "two API tokens are named a");
    assertThatThrownBy(() -> AccessTokens.load(dir.resolve("missing.json")))
        .hasMessageContaining("does not exist");
  }

  private static void assertRefused(String json, String... message) {
    assertThatThrownBy(
            () -> AccessTokens.parse(json.getBytes(StandardCharsets.UTF_8), "tokens.json"))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("tokens.json")
        .hasMessageContainingAll(message);
  }
}
