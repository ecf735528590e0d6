package dev.herald.gateway;

import static dev.herald.gateway.PublishTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookAdminTest {
  private static final String HOOK = "http://127.0.0.1:9/hook";

  private Transport transport;
  private Gateway gateway;
  private Http http;
  private WebhookApi api;

  @BeforeEach
  void start() {
    transport = Transports.memory(2);
    gateway = Gateway.builder(transport).webhookAllowList(List.of("127.0.0.1")).start();
    http = new Http(gateway.uri());
    api = new WebhookApi(http, transport);
  }

  @AfterEach
  void stop() {
    gateway.close();
    transport.close();
  }

  @Test
  void create_answersTheSecretOnce_andListingNeverShowsIt() throws Exception {
    JsonNode created =
        api.create(
            "{\"url\":\""
                + HOOK
                + "\",\"topics\":[\"shop.order\",\"shop.payment\"],"
                + "\"types\":[\"shop.*.placed\"],\"description\":\"orders to the CRM\"}");

    String id = created.get("id").asText();
    assertThat(id).startsWith("wh_");
    assertThat(created.get("secret").asText()).startsWith("whsec_");
    assertThat(created.get("enabled").asBoolean()).isTrue();
    assertThat(created.get("topics"))
        .extracting(JsonNode::asText)
        .containsExactly("shop.order", "shop.payment");
    JsonNode listed = http.get("/admin/webhooks").json().get("webhooks");
    assertThat(listed).hasSize(1);
    assertThat(listed.get(0).get("id").asText()).isEqualTo(id);
    assertThat(listed.get(0).get("description").asText()).isEqualTo("orders to the CRM");
    assertThat(listed.get(0).has("secret")).isFalse();
    assertThat(api.get(id).has("secret")).isFalse();
    assertThat(api.get(id).get("types").get(0).asText()).isEqualTo("shop.*.placed");
  }

  @Test
  void create_withoutTypes_takesEveryType() throws Exception {
    JsonNode created = api.create(URI.create(HOOK), "shop.order");

    assertThat(created.get("types")).extracting(JsonNode::asText).containsExactly("*");
  }

  @Test
  void badRequests_areProblemsSayingWhatIsWrong_andStoreNothing() throws Exception {
    String json = "application/json";
    assertProblem(post("{\"url\":\"ftp://127.0.0.1/x\",\"topics\":[\"a\"]}"), 400, "https://");
    assertProblem(post("{\"url\":\"http:///x\",\"topics\":[\"a\"]}"), 400, "no host");
    assertProblem(post("{\"url\":\"not a url\",\"topics\":[\"a\"]}"), 400, "not a URL");
    assertProblem(post("{\"url\":\"http://u:p@127.0.0.1/\",\"topics\":[\"a\"]}"), 400, "user info");
    assertProblem(post("{\"url\":\"" + HOOK + "\",\"topics\":[]}"), 400, "topics must be");
    assertProblem(post("{\"url\":\"" + HOOK + "\"}"), 400, "topics is required");
    assertProblem(post("{\"topics\":[\"a\"]}"), 400, "url is required");
    assertProblem(post("{\"url\":\"" + HOOK + "\",\"topics\":[\"a b\"]}"), 400, "topic name");
    assertProblem(post("{\"url\":\"" + HOOK + "\",\"topics\":[\"a\"],\"types\":[]}"), 400, "types");
    assertProblem(
        post("{\"url\":\"" + HOOK + "\",\"topics\":[\"a\"],\"secret\":\"x\"}"),
        400,
        "unknown field 'secret'");
    assertProblem(post("{\"url\":"), 400, "not valid JSON");
    assertProblem(http.post("/admin/webhooks", json, "[]"), 400, "JSON object");
    assertProblem(post("{\"url\":\"http://10.0.0.1/\",\"topics\":[\"a\"]}"), 422, "private");

    assertThat(http.get("/admin/webhooks").json().get("webhooks")).isEmpty();
    assertThat(transport.endOffsets(WebhookRegistry.TOPIC).orElseThrow().values()).containsOnly(0L);
  }

  @Test
  void patch_changesWhatItNames_andDisablingAndEnablingAreRecorded() throws Exception {
    String id = api.create(URI.create(HOOK), "shop.order").get("id").asText();

    Http.Answer disabled =
        api.patch(id, "{\"enabled\":false,\"types\":[\"shop.order.*\"],\"topics\":[\"shop.x\"]}");

    assertThat(disabled.status()).as(disabled.body()).isEqualTo(200);
    assertThat(disabled.json().get("enabled").asBoolean()).isFalse();
    assertThat(disabled.json().get("disabledReason").asText()).contains("by an admin");
    assertThat(disabled.json().get("topics").get(0).asText()).isEqualTo("shop.x");
    assertThat(disabled.json().get("url").asText()).isEqualTo(HOOK);
    JsonNode enabled = api.patch(id, "{\"enabled\":true}").json();
    assertThat(enabled.get("enabled").asBoolean()).isTrue();
    assertThat(enabled.has("disabledReason")).isFalse();
    assertThat(enabled.get("types").get(0).asText()).isEqualTo("shop.order.*");
    assertProblem(api.patch(id, "{\"url\":\"http://192.168.0.1/\"}"), 422, "private");
    assertProblem(api.patch(id, "{\"secret\":\"x\"}"), 400, "unknown field");
    assertThat(api.get(id).get("url").asText()).isEqualTo(HOOK);
  }

  @Test
  void delete_removesIt_andUnknownIdsAreNotFound() throws Exception {
    String id = api.create(URI.create(HOOK), "shop.order").get("id").asText();

    Http.Answer deleted = http.send(http.request("/admin/webhooks/" + id).DELETE().build());

    assertThat(deleted.status()).isEqualTo(204);
    assertProblem(http.get("/admin/webhooks/" + id), 404, id);
    assertProblem(http.get("/admin/webhooks/" + id + "/attempts"), 404, id);
    assertProblem(api.patch(id, "{\"enabled\":true}"), 404, id);
    assertThat(http.get("/admin/webhooks").json().get("webhooks")).isEmpty();
  }

  @Test
  void everyCall_needsTheAdminRight() throws Exception {
    String reader = ApiToken.generateSecret();
    String admin = ApiToken.generateSecret();
    try (Gateway guarded =
        Gateway.builder(transport)
            .webhookAllowList(List.of("127.0.0.1"))
            .tokens(
                AccessTokens.of(
                    List.of(
                        ApiToken.of(
                            "reader", reader, List.of(), List.of(new TopicPattern("*")), false),
                        ApiToken.of("ops", admin, List.of(), List.of(), true))))
            .start()) {
      Http client = new Http(guarded.uri());
      String body = "{\"url\":\"" + HOOK + "\",\"topics\":[\"shop.order\"]}";
      Function<String, Http.Answer> postAs =
          token -> {
            try {
              return client.send(
                  client
                      .request("/admin/webhooks")
                      .header("Authorization", "Bearer " + token)
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build());
            } catch (Exception e) {
              throw new AssertionError(e);
            }
          };

      assertProblem(client.get("/admin/webhooks"), 401, "API token");
      assertProblem(postAs.apply(reader), 403, "admin API");
      assertThat(postAs.apply(admin).status()).isEqualTo(201);
    }
  }

  private Http.Answer post(String body) throws Exception {
    return http.post("/admin/webhooks", "application/json", body);
  }
}
