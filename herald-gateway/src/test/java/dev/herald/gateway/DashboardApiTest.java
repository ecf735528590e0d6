package dev.herald.gateway;

import static dev.herald.gateway.PublishTest.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.EventBus;
import dev.herald.core.EventType;
import dev.herald.core.HeraldException;
import dev.herald.core.RetryPolicy;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The admin endpoints behind the dashboard, with real services on the transport: a flow traced
 * through every handler's outcome, who publishes and handles what, the live stream of every event,
 * the dead letters of every group, consumer lag over time, and application panels.
 */
class DashboardApiTest {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @EventType(name = "test.order.placed", key = "orderId")
  record OrderPlaced(String orderId) {}

  @EventType(name = "test.stock.reserved", key = "orderId")
  record StockReserved(String orderId) {}

  private static final RetryPolicy TWICE =
      RetryPolicy.builder()
          .maxAttempts(2)
          .initialDelay(Duration.ofMillis(1))
          .maxDelay(Duration.ofMillis(1))
          .build();

  private Transport transport;
  private Gateway gateway;
  private Http http;
  private final List<EventBus> buses = new ArrayList<>();

  @BeforeEach
  void start() {
    transport = Transports.memory(2);
    gateway = Gateway.builder(transport).eventIndex(1_000, 1 << 20, Duration.ofMillis(20)).start();
    http = new Http(gateway.uri());
  }

  @AfterEach
  void stop() {
    buses.forEach(EventBus::close);
    gateway.close();
    transport.close();
  }

  private EventBus bus(String service) {
    EventBus bus =
        EventBus.builder(service)
            .transport(transport)
            .retry(TWICE)
            .reportOutcomes(Duration.ofMillis(50), 1_000)
            .build();
    buses.add(bus);
    return bus;
  }

  /** inventory reserves stock for each order; billing fails once on o-1 and always on o-2. */
  private EventBus startShop() {
    EventBus inventory = bus("inventory");
    inventory.on(
        OrderPlaced.class, (event, context) -> context.publish(new StockReserved(event.orderId())));
    inventory.start();
    AtomicInteger attempts = new AtomicInteger();
    EventBus billing = bus("billing");
    billing.on(
        StockReserved.class,
        (event, context) -> {
          boolean firstTry = event.orderId().equals("o-1") && attempts.incrementAndGet() == 1;
          if (firstTry || event.orderId().equals("o-2")) {
            throw new IllegalStateException("card service down for " + event.orderId());
          }
        });
    billing.start();
    return bus("orders");
  }

  private JsonNode awaitJson(String path, java.util.function.Predicate<JsonNode> done)
      throws Exception {
    return Await.until(
        path,
        WAIT,
        Duration.ofMillis(25),
        () -> {
          try {
            Http.Answer answer = http.get(path);
            return answer.status() == 200 ? answer.json() : null;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        },
        json -> json != null && done.test(json));
  }

  private static List<JsonNode> list(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).toList();
  }

  @Test
  void aFlow_isTheCausalTreeOfItsEvents_withEveryHandlersOutcome_retriesIncluded()
      throws Exception {
    EventBus orders = startShop();
    orders.publish(new OrderPlaced("o-1"));
    String flow =
        awaitJson("/admin/events?type=test.order.placed", j -> j.size() == 1)
            .get(0)
            .get("correlationid")
            .asText();

    JsonNode trace =
        awaitJson(
            "/admin/flows/" + flow,
            j ->
                j.get("timeline").findValues("kind").stream()
                        .anyMatch(k -> k.asText().equals("handled"))
                    && j.toString()
                        .contains(
                            "\"service\":\"billing\",\"group\":\"billing\",\"handler\":\"test.stock.reserved\",\"outcome\":\"handled\""));

    assertThat(trace.get("events").asInt()).isEqualTo(2);
    assertThat(list(trace.get("services")))
        .extracting(JsonNode::asText)
        .containsExactly("billing", "inventory", "orders");
    JsonNode root = trace.get("roots").get(0);
    assertThat(trace.get("roots")).hasSize(1);
    assertThat(root.get("event").get("type").asText()).isEqualTo("test.order.placed");
    assertThat(root.get("outcomes").get(0).get("service").asText()).isEqualTo("inventory");
    assertThat(root.get("outcomes").get(0).get("outcome").asText()).isEqualTo("handled");
    assertThat(root.get("handlers").toString())
        .isEqualTo("[{\"service\":\"inventory\",\"group\":\"inventory\"}]");
    JsonNode child = root.get("children").get(0);
    assertThat(child.get("event").get("type").asText()).isEqualTo("test.stock.reserved");
    assertThat(child.get("event").get("causationid").asText())
        .isEqualTo(root.get("event").get("id").asText());
    assertThat(list(child.get("outcomes")))
        .extracting(o -> o.get("outcome").asText() + "@" + o.get("attempt").asInt())
        .containsExactly("retrying@1", "handled@2");
    assertThat(child.get("outcomes").get(0).get("error").asText())
        .contains("card service down for o-1");
    List<String> kinds =
        list(trace.get("timeline")).stream().map(e -> e.get("kind").asText()).toList();
    // inventory publishes stock.reserved before its handler returns
    assertThat(kinds).containsExactly("published", "published", "handled", "retrying", "handled");
    assertThat(trace.get("deadLetters")).isEmpty();
  }

  @Test
  void aFlowWithADeadLetter_listsIt_andTheDeadLettersOfEveryGroupDo() throws Exception {
    EventBus orders = startShop();
    orders.publish(new OrderPlaced("o-2"));
    String flow =
        awaitJson("/admin/events?type=test.order.placed", j -> j.size() == 1)
            .get(0)
            .get("correlationid")
            .asText();

    JsonNode trace = awaitJson("/admin/flows/" + flow, j -> j.get("deadLetters").size() == 1);

    JsonNode letter = trace.get("deadLetters").get(0);
    assertThat(letter.get("dlqgroup").asText()).isEqualTo("billing");
    assertThat(letter.get("dlqreason").asText()).isEqualTo("retries-exhausted");
    assertThat(trace.toString()).contains("\"outcome\":\"dead-lettered\"");
    JsonNode all = awaitJson("/admin/dead-letters", j -> j.get("pending").asInt() == 1);
    assertThat(all.get("deadLetters").get(0).get("dlqid").asText())
        .isEqualTo(letter.get("dlqid").asText());
    assertThat(list(all.get("groups")))
        .anySatisfy(
            g -> assertThat(g.toString()).isEqualTo("{\"group\":\"billing\",\"pending\":1}"));
  }

  @Test
  void eventsThatClaimToCauseEachOther_areStillAllInTheTree_withoutLooping() throws Exception {
    String ce = "application/cloudevents-batch+json";
    String batch =
        "[" + causedBy("a", "b") + "," + causedBy("b", "a") + "," + causedBy("c", "c") + "]";
    assertThat(http.post("/topics/test.loop/events", ce, batch).status()).isEqualTo(202);

    JsonNode trace = awaitJson("/admin/flows/loop", j -> j.get("events").asInt() == 3);

    assertThat(trace.get("roots")).hasSize(2);
    assertThat(trace.get("roots").findValues("id"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("a", "b", "c");
  }

  private static String causedBy(String id, String cause) {
    return ("{\"specversion\":\"1.0\",\"id\":\"%s\",\"source\":\"/loop\",\"type\":\"test.looped\","
            + "\"correlationid\":\"loop\",\"causationid\":\"%s\",\"data\":{}}")
        .formatted(id, cause);
  }

  @Test
  void anUnknownFlow_isAProblemThatSaysWhy() throws Exception {
    assertProblem(http.get("/admin/flows/nope"), 404, "no event with correlation id nope");
  }

  @Test
  void topology_showsWhoPublishesAndWhoHandlesEachType_withTotals() throws Exception {
    EventBus orders = startShop();
    orders.publish(new OrderPlaced("o-3"));
    orders.publish(new OrderPlaced("o-4"));

    JsonNode graph =
        awaitJson(
            "/admin/topology",
            j ->
                list(j.get("edges")).stream()
                    .anyMatch(
                        e ->
                            e.get("to").asText().equals("service:billing")
                                && e.get("total").asInt() == 2));

    assertThat(list(graph.get("services")))
        .extracting(s -> s.get("name").asText())
        .containsExactly("billing", "inventory", "orders");
    assertThat(list(graph.get("edges")))
        .extracting(
            e -> e.get("from").asText() + " " + e.get("kind").asText() + " " + e.get("to").asText())
        .contains(
            "service:orders publishes type:test.order.placed",
            "type:test.order.placed handles service:inventory",
            "service:inventory publishes type:test.stock.reserved",
            "type:test.stock.reserved handles service:billing");
    assertThat(list(graph.get("eventTypes")))
        .anySatisfy(
            t ->
                assertThat(t.toString())
                    .isEqualTo("{\"type\":\"test.order.placed\",\"topics\":[\"test.order\"]}"));
  }

  @Test
  void theEventStream_sendsTheBacklogAndThenEveryNewEventOfEveryTopic() throws Exception {
    EventBus orders = bus("orders");
    orders.publish(new OrderPlaced("o-5"));
    awaitJson("/admin/events", j -> j.size() == 1);

    try (SseReader stream =
        new SseReader(http.client(), http.request("/admin/events/stream?backlog=10"))) {
      assertThat(stream.status()).isEqualTo(200);
      assertThat(stream.next(WAIT).data()).contains("\"orderId\":\"o-5\"");
      orders.publish(new StockReserved("o-6"));
      SseReader.Event live = stream.next(WAIT);
      assertThat(live.event()).isEqualTo("message");
      assertThat(live.data()).contains("\"orderId\":\"o-6\"", "\"heraldtopic\":\"test.stock\"");
    }
  }

  @Test
  void theEventStream_refusesABadBacklog() throws Exception {
    assertProblem(http.get("/admin/events/stream?backlog=-1"), 400, "from 0 to 1000");
    assertProblem(http.get("/admin/events/stream?backlog=5000"), 400, "backlog is '5000'");
  }

  @Test
  void consumers_tellEachGroupsLagOverTime_alignedWithTheSampleTimes() throws Exception {
    EventBus orders = startShop();
    orders.publish(new OrderPlaced("o-7"));

    JsonNode history =
        awaitJson(
            "/admin/consumers",
            j -> j.get("groups").toString().contains("\"group\":\"inventory\""));

    int samples = history.get("times").size();
    JsonNode inventory =
        list(history.get("groups")).stream()
            .filter(g -> g.get("group").asText().equals("inventory"))
            .findFirst()
            .orElseThrow();
    assertThat(inventory.get("topic").asText()).isEqualTo("test.order");
    assertThat(inventory.get("lag")).hasSize(samples);
    assertThat(inventory.get("partitions")).hasSize(2);
    JsonNode topic =
        list(history.get("topics")).stream()
            .filter(t -> t.get("topic").asText().equals("test.order"))
            .findFirst()
            .orElseThrow();
    assertThat(topic.get("perSecond")).hasSize(samples);
    assertThat(topic.get("end").asLong()).isEqualTo(1);
  }

  @Test
  void panels_areListedAndAnsweredFresh_andABadIdIsRefused() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    gateway.panel(
        "shop",
        () ->
            new DashboardPanel(
                "Shop",
                List.of(
                    new DashboardPanel.Figure("Orders", Integer.toString(asked.incrementAndGet()))),
                List.of(
                    new DashboardPanel.BarChart(
                        "Stock",
                        List.of(
                            new DashboardPanel.Bar("TEA", 3, OptionalDouble.of(10)),
                            DashboardPanel.Bar.of("open", 2L))))));

    assertThat(http.get("/admin/panels").body())
        .isEqualTo("[{\"id\":\"shop\",\"title\":\"Shop\"}]");
    JsonNode panel = http.get("/admin/panels/shop").json();
    assertThat(panel.get("figures").get(0).get("value").asText()).isEqualTo("2");
    assertThat(panel.get("charts").get(0).get("bars").toString())
        .isEqualTo(
            "[{\"label\":\"TEA\",\"value\":3.0,\"max\":10.0},{\"label\":\"open\",\"value\":2.0,\"max\":null}]");
    assertProblem(http.get("/admin/panels/none"), 404, "there is no panel none");
    assertThatThrownBy(() -> gateway.panel("Shop Panel", () -> null))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("a-z, 0-9 and '-'");
  }

  @Test
  void thePage_isServedWithItsAssets_underAContentSecurityPolicy() throws Exception {
    Http.Answer page = http.get("/");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.contentType()).startsWith("text/html");
    assertThat(page.body()).contains("dashboard/app.js");
    Http.Answer script = http.get("/dashboard/app.js");
    assertThat(script.status()).isEqualTo(200);
    assertThat(script.contentType()).contains("javascript");
    var csp =
        http.client()
            .send(http.request("/").build(), java.net.http.HttpResponse.BodyHandlers.discarding())
            .headers()
            .firstValue("Content-Security-Policy");
    assertThat(csp).hasValueSatisfying(v -> assertThat(v).contains("default-src 'self'"));
    assertProblem(http.get("/dashboard/nothing.js"), 404, "no resource at /dashboard/nothing.js");
  }
}
