package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.eventstore.memory.InMemoryEventStore;
import dev.herald.gateway.Gateway;
import dev.herald.shop.app.ShopApp;
import dev.herald.testkit.Await;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * What the dashboard shows, for real: the whole shop on an in-memory transport and store, and a
 * gateway on the same transport with the shop's panel, as {@code herald demo} runs them. The tests
 * publish over the gateway's HTTP API and order through the shop's, as users do. Not thread-safe.
 */
final class DashboardRig implements AutoCloseable {
  static final Duration SETTLE = Duration.ofSeconds(20);
  private static final Duration EVERY = Duration.ofMillis(50);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final Transport transport = Transports.memory();
  private final InMemoryEventStore store = new InMemoryEventStore();
  private final ShopApp shop;
  private final Gateway gateway;
  private String shippedOrder;

  /** Starts the shop (notifications written in {@code notes}) and the gateway. */
  DashboardRig(Path notes) {
    shop =
        ShopApp.builder()
            .on(transport, store, notes)
            .paymentLatency(Duration.ofMillis(2))
            .shippingDelay(Duration.ofMillis(200))
            .pollInterval(Duration.ofMillis(20))
            .start();
    gateway = Gateway.builder(transport).start();
    gateway.panel("shop", ShopPanel.of(shop));
  }

  Transport transport() {
    return transport;
  }

  /** The dashboard's page at {@code route}, such as {@code /events}: {@code http://…/#/events}. */
  URI page(String route) {
    return URI.create(gateway.uri() + "/#" + route);
  }

  /**
   * Publishes one event of {@code type} with JSON {@code data} to {@code topic} over the gateway's
   * HTTP API in CloudEvents' binary mode, and returns its id once the gateway took it.
   */
  String publish(String topic, String type, String data) throws IOException, InterruptedException {
    String id = "dash-" + UUID.randomUUID();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(gateway.uri().resolve("/topics/" + topic + "/events"))
                .timeout(Duration.ofSeconds(10))
                .header("ce-id", id)
                .header("ce-source", "dashboard-test")
                .header("ce-type", type)
                .header("ce-specversion", "1.0")
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(data))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    return id;
  }

  /** Places an order of one green tea through the shop's orders API and returns its id. */
  String placeOrder() throws IOException, InterruptedException {
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(URI.create(shop.ordersUri() + "/orders"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"customerId\":\"c-dash\",\"lines\":[{\"sku\":\""
                            + shop.catalog().items().get(0).sku()
                            + "\",\"quantity\":1}]}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    String location = response.headers().firstValue("Location").orElseThrow();
    return location.substring(location.lastIndexOf('/') + 1);
  }

  /** Waits until the shop shipped order {@code id}, at most 20 s. */
  void awaitShipped(String id) throws InterruptedException {
    Await.until(
        "order " + id + " to be shipped", SETTLE, EVERY, () -> status(id), "shipped"::equals);
  }

  /** A shipped order's id, placed the first time it is asked for. */
  String shippedOrder() throws IOException, InterruptedException {
    if (shippedOrder == null) {
      String id = placeOrder();
      awaitShipped(id);
      shippedOrder = id;
    }
    return shippedOrder;
  }

  private String status(String id) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(shop.ordersUri() + "/orders/" + id)).build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200
          ? JSON.readTree(response.body()).path("status").asText()
          : "HTTP " + response.statusCode();
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** The event that placed order {@code orderId}, as the gateway's admin API has it. */
  JsonNode placedEvent(String orderId) throws InterruptedException {
    return Await.until(
        "the gateway to know the event that placed order " + orderId,
        SETTLE,
        EVERY,
        () -> findPlaced(orderId),
        e -> !e.isMissingNode());
  }

  private JsonNode findPlaced(String orderId) {
    // the shop keys its events by order id; their data may come as data_base64
    for (JsonNode event : admin("/admin/events?limit=1000&type=shop.order.placed")) {
      if (orderId.equals(event.path("partitionkey").asText())) {
        return event;
      }
    }
    return JSON.missingNode();
  }

  /**
   * Waits until flow {@code correlation} stops growing: the gateway counts the same events in it,
   * with the same outcomes, for two seconds (buses report outcomes once a second). Returns the flow
   * as the gateway then has it.
   */
  JsonNode awaitSettledFlow(String correlation) throws InterruptedException {
    String path = "/admin/flows/" + query(correlation);
    String[] last = {""};
    long[] since = {System.nanoTime()};
    Await.until(
        "flow " + correlation + " to settle",
        SETTLE,
        Duration.ofMillis(100),
        () -> {
          JsonNode flow = admin(path);
          String now = flow.path("events").asInt() + " events, " + flow.path("timeline").size();
          if (!now.equals(last[0])) {
            last[0] = now;
            since[0] = System.nanoTime();
          }
          return Duration.ofNanos(System.nanoTime() - since[0]);
        },
        stable -> stable.compareTo(Duration.ofSeconds(2)) >= 0);
    return admin(path);
  }

  /** The gateway's answer to GET {@code path} of its admin API, which must be 200. */
  JsonNode admin(String path) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(gateway.uri().resolve(path))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("GET " + path + ": " + response.body()).isEqualTo(200);
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("GET " + path + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** {@code value} for a query string. */
  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** Stops the gateway, then the shop, then its transport and store. */
  @Override
  public void close() {
    gateway.close();
    shop.close();
    transport.close();
    store.close();
  }
}
