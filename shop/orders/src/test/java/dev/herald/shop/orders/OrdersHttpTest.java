package dev.herald.shop.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.EventBus;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.eventstore.Direction;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.RecordedEvent;
import dev.herald.eventstore.memory.InMemoryEventStore;
import dev.herald.shop.events.OrderEvents.OrderPlaced;
import dev.herald.testkit.Await;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OrdersHttpTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private static final Duration EVERY = Duration.ofMillis(10);
  private static final String ORDER =
      """
      {"customerId": "c-1", "lines": [{"sku": "TEA-GREEN", "quantity": 2},
                                      {"sku": "KETTLE", "quantity": 1}]}
      """;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventStore store = new InMemoryEventStore();
  private final Transport transport = Transports.memory();
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private OrdersService orders;
  private OrdersHttp http;

  @BeforeEach
  void start() {
    orders = OrdersService.builder(store, transport).start();
    http = OrdersHttp.start(orders, "127.0.0.1", 0);
  }

  @AfterEach
  void stop() throws Exception {
    http.close();
    orders.close();
    store.close();
    transport.close();
    client.close();
  }

  private HttpResponse<String> post(String contentType, BodyPublisher body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(http.uri().resolve("/orders")).timeout(WAIT).POST(body);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return client.send(request.build(), BodyHandlers.ofString());
  }

  private HttpResponse<String> postJson(String body) throws Exception {
    return post("application/json", BodyPublishers.ofString(body));
  }

  private HttpResponse<String> get(String path) throws IOException, InterruptedException {
    return client.send(
        HttpRequest.newBuilder(http.uri().resolve(path)).timeout(WAIT).GET().build(),
        BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> response) throws IOException {
    return JSON.readTree(response.body());
  }

  @Test
  void post_appendsOrderPlaced_andTheRelayPutsItOnTheBus() throws Exception {
    CompletableFuture<OrderPlaced> heard = new CompletableFuture<>();
    CompletableFuture<String> correlation = new CompletableFuture<>();
    try (EventBus shipping = EventBus.builder("shipping").transport(transport).build()) {
      shipping.on(
          OrderPlaced.class,
          (placed, context) -> {
            correlation.complete(context.correlationId());
            heard.complete(placed);
          });
      shipping.start();

      HttpResponse<String> response = postJson(ORDER);

      assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
      String id = json(response).get("id").asText();
      assertThat(response.headers().firstValue("Location")).contains("/orders/" + id);
      List<RecordedEvent> stream = store.read("order-" + id, 0, Direction.FORWARDS, 10);
      assertThat(stream).extracting(RecordedEvent::type).containsExactly("shop.order.placed");
      OrderPlaced placed = heard.get(WAIT.toSeconds(), TimeUnit.SECONDS);
      assertThat(placed.orderId()).isEqualTo(id);
      assertThat(placed.customerId()).isEqualTo("c-1");
      assertThat(placed.totalCents()).isEqualTo(2 * 650 + 7_500);
      assertThat(correlation.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(id);
    }
  }

  @Test
  void get_returnsThePlacedOrderAsStored() throws Exception {
    String location = postJson(ORDER).headers().firstValue("Location").orElseThrow();

    HttpResponse<String> response = get(location);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
    JsonNode order = json(response);
    assertThat(order.get("status").asText()).isEqualTo("placed");
    assertThat(order.get("customerId").asText()).isEqualTo("c-1");
    assertThat(order.get("totalCents").asLong()).isEqualTo(8_800);
    assertThat(order.get("lines").get(0).get("unitCents").asLong()).isEqualTo(650);

    orders.cancel(order.get("id").asText(), "customer changed their mind");
    JsonNode cancelled = json(get(location));
    assertThat(cancelled.get("status").asText()).isEqualTo("cancelled");
    assertThat(cancelled.get("cancelReason").asText()).isEqualTo("customer changed their mind");
  }

  @Test
  void get_unknownOrder_is404Problem() throws Exception {
    HttpResponse<String> response = get("/orders/no-such-order");

    assertProblem(response, 404, "no order no-such-order");
  }

  @Test
  void anUnknownPathOrMethod_isAProblemNamingWhatTheApiHas() throws Exception {
    assertProblem(get("/nothing-here"), 404, "GET /nothing-here is not part of this API");
    HttpResponse<String> delete =
        client.send(
            HttpRequest.newBuilder(http.uri().resolve("/orders")).DELETE().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(delete.statusCode()).isIn(404, 405);
    assertProblem(delete, delete.statusCode(), "DELETE /orders is not part of this API");
  }

  @Test
  void list_showsTheLatestOrdersNewestFirst() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(json(postJson(ORDER)).get("id").asText());
    }

    JsonNode listed =
        Await.until(
            "the latest-orders view to hold 3 orders",
            WAIT,
            EVERY,
            () -> {
              try {
                return json(get("/orders?limit=2"));
              } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
              }
            },
            page ->
                page.get("orders").size() == 2
                    && page.get("orders").get(0).get("id").asText().equals(ids.get(2)));

    assertThat(listed.get("orders").get(1).get("id").asText()).isEqualTo(ids.get(1));
    assertProblem(get("/orders?limit=0"), 400, "limit is a number from 1 to 1000");
  }

  static Stream<Arguments> badOrders() {
    String json = "application/json";
    return Stream.of(
        Arguments.of(json, "{\"customerId\": \"c-1\", \"lines\": [", 400, "not valid JSON"),
        Arguments.of(json, "[1, 2]", 400, "not an object"),
        Arguments.of(
            json,
            "{\"lines\": [{\"sku\": \"TEA-GREEN\", \"quantity\": 1}]}",
            400,
            "customerId is missing"),
        Arguments.of(json, "{\"customerId\": \"c-1\"}", 400, "lines is missing"),
        Arguments.of(
            json,
            "{\"customerId\": \"c-1\", \"lines\": [{\"sku\": \"TEA-GREEN\"}]}",
            400,
            "lines[0].quantity is missing"),
        Arguments.of(json, line("\"TEA-GREEN\"", "\"two\""), 400, "whole number"),
        Arguments.of(json, line("\"NO-SUCH-TEA\"", "1"), 422, "unknown SKU 'NO-SUCH-TEA'"),
        Arguments.of(json, line("\"TEA-GREEN\"", "0"), 422, "quantity 0 is out of range"),
        Arguments.of(json, line("\"TEA-GREEN\"", "-5"), 422, "quantity -5 is out of range"),
        Arguments.of(json, line("\"TEA-GREEN\"", "101"), 422, "quantity 101 is out of range"),
        Arguments.of(json, "{\"customerId\": \"c-1\", \"lines\": []}", 422, "1 to 50 lines"),
        Arguments.of(
            json,
            line("\"TEA-GREEN\"", "123456789012345678901234567890"),
            422,
            "quantity 123456789012345678901234567890 is out of range"),
        Arguments.of(
            json,
            "{\"customerId\": 7, \"lines\": [{\"sku\": \"TEA-GREEN\", \"quantity\": 1}]}",
            400,
            "customerId is a string"),
        Arguments.of(
            json,
            "{\"customerId\": \"c-1\", \"lines\": [{\"sku\": \"KETTLE\", \"quantity\": 1},"
                + " {\"sku\": \"KETTLE\", \"quantity\": 2}]}",
            422,
            "lines[1]: SKU KETTLE is listed twice"),
        Arguments.of(
            "application/json; charset=utf-8", line("\"NO-SUCH-TEA\"", "1"), 422, "unknown SKU"),
        Arguments.of("text/plain", ORDER, 415, "must be application/json, was 'text/plain'"),
        Arguments.of(null, ORDER, 415, "no Content-Type"));
  }

  private static String line(String sku, String quantity) {
    return "{\"customerId\": \"c-1\", \"lines\": [{\"sku\": "
        + sku
        + ", \"quantity\": "
        + quantity
        + "}]}";
  }

  @ParameterizedTest
  @MethodSource("badOrders")
  void post_badOrder_isAProblem_andNothingIsStored(
      String contentType, String body, int status, String detail) throws Exception {
    long before = store.lastPosition();

    HttpResponse<String> response = post(contentType, BodyPublishers.ofString(body));

    assertProblem(response, status, detail);
    assertThat(store.lastPosition()).isEqualTo(before);
  }

  @Test
  void post_oversizeBody_is413_whetherItsLengthIsDeclaredOrNot() throws Exception {
    long before = store.lastPosition();
    byte[] big =
        ("{\"customerId\": \"" + "x".repeat(OrdersHttp.MAX_BODY_BYTES) + "\"}")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);

    HttpResponse<String> declared = post("application/json", BodyPublishers.ofByteArray(big));
    HttpResponse<String> chunked =
        post("application/json", BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)));

    assertProblem(declared, 413, "an order is at most 65536 bytes");
    assertThat(json(declared).get("detail").asText()).contains(big.length + " bytes");
    assertProblem(chunked, 413, "more than 65536 bytes");
    assertThat(store.lastPosition()).isEqualTo(before);
  }

  private static void assertProblem(HttpResponse<String> response, int status, String detail)
      throws IOException {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
    JsonNode problem = json(response);
    assertThat(problem.get("status").asInt()).isEqualTo(status);
    assertThat(problem.get("type").asText()).startsWith("urn:herald:shop:problem:");
    assertThat(problem.get("title").asText()).isNotBlank();
    assertThat(problem.get("detail").asText()).contains(detail);
  }
}
