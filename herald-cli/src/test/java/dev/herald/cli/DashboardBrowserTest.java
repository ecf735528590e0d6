package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.EventBus;
import dev.herald.core.EventType;
import dev.herald.core.HandlerOptions;
import dev.herald.core.RetryPolicy;
import dev.herald.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The dashboard in a real Chromium, on a real gateway over the whole shop: the live stream, an
 * order's flow, replaying a dead letter, and the keyboard. See {@link DashboardViewsTest} for every
 * view at phone width and in the dark theme.
 */
class DashboardBrowserTest {
  @RegisterExtension static final Chromium chromium = new Chromium();
  private static final String TOPIC = "dash-test";
  private static final String GROUP = "dash-test";

  @RegisterExtension static final RunningShop shop = new RunningShop();
  private DashboardRig rig;
  private Dashboard dashboard;

  @BeforeEach
  void page() {
    rig = shop.rig();
    dashboard = new Dashboard(chromium, rig);
  }

  @Test
  void events_publishedOverHttp_appearsLiveAndOpensItsDetail() throws Exception {
    dashboard.open("/events", "events");

    String id = rig.publish(TOPIC, "dash.test.greeted", "{\"greeting\":\"hello, dashboard\"}");

    WebElement row = dashboard.eventRow(id);
    assertThat(row.getDomAttribute("data-topic")).isEqualTo(TOPIC);
    assertThat(row.getDomAttribute("data-type")).isEqualTo("dash.test.greeted");
    row.click();
    WebElement detail = dashboard.detailShowing(id);
    assertThat(detail.getText())
        .contains("dash.test.greeted", "dashboard-test", "hello, dashboard");
  }

  @Test
  void flows_ofAShopOrder_showItsWholeFlowReachedFromItsEvent() throws Exception {
    String order = rig.placeOrder();
    rig.awaitShipped(order);
    JsonNode placedEvent = rig.placedEvent(order);
    String placed = placedEvent.path("id").asText();
    JsonNode flow = rig.awaitSettledFlow(placedEvent.path("correlationid").asText());

    dashboard.open("/events", "events");
    chromium.visible("#filter-key").sendKeys(order);
    chromium.until(
        "only order " + order + "'s events to be listed",
        d ->
            dashboard.all("#events-list .event-row", "data-type").stream()
                .allMatch(type -> type.startsWith("shop.")));
    dashboard.eventRow(placed).click();
    dashboard.detailShowing(placed);
    chromium.visible("#event-detail a.trace-link").click();

    dashboard.ready("flows");
    String hash = (String) chromium.script("return location.hash");
    assertThat(hash).startsWith("#/flows/");
    assertThat(hash.substring("#/flows/".length())).isEqualTo(flow.path("correlationId").asText());
    chromium.until(
        "the tree to show the flow's " + flow.path("events").asInt() + " events",
        d ->
            d.findElements(By.cssSelector("#flow-tree .flow-node")).size()
                >= flow.path("events").asInt());
    List<String> settled = new ArrayList<>();
    flow.path("timeline").forEach(e -> settled.add(e.path("eventId").asText()));
    List<String> shown = dashboard.all("#flow-tree .flow-node", "data-event-id");
    // the flow may still grow (notifications go out later): what the page shows must be what the
    // gateway knows now, each event once, and at least what it knew when the order had shipped
    List<String> known = new ArrayList<>();
    rig.admin("/admin/flows/" + flow.path("correlationId").asText())
        .path("timeline")
        .forEach(e -> known.add(e.path("eventId").asText()));
    assertThat(shown)
        .as("every event of the flow in the tree, once")
        .doesNotHaveDuplicates()
        .containsAll(Set.copyOf(settled))
        .contains(placed);
    assertThat(known).as("the events the gateway knows of the flow").containsAll(shown);
    assertThat(chromium.driver().findElements(By.cssSelector("#flow-tree .flow-node .flow-node")))
        .as("events nested under the events that caused them")
        .isNotEmpty();
    assertThat(chromium.visible("#flow-tree").getText())
        .as("the flow's events, from orders, inventory, payments, fulfilment and shipping")
        .contains(
            "shop.order.placed",
            "shop.stock.reserve",
            "shop.stock.reserved",
            "shop.payment.charge",
            "shop.payment.captured",
            "shop.shipping.",
            "shop.order.shipped");
    assertThat(dashboard.all("#flow-tree .outcome[data-outcome='handled']", "data-service"))
        .contains("shop-inventory", "shop-payments", "shop-shipping", "shop-fulfilment");
    assertThat(dashboard.all("#flow-timeline .timeline-entry", "data-kind"))
        .contains("published", "handled");
  }

  @EventType(name = "dash.test.poked", key = "pokeId", topic = "dash-test-dlq")
  record Poked(String pokeId) {}

  @Test
  void deadLetters_replayedFromThePage_leaveTheListAndAreHandled() throws Exception {
    AtomicBoolean broken = new AtomicBoolean(true);
    AtomicInteger failures = new AtomicInteger();
    CountDownLatch handled = new CountDownLatch(1);
    try (EventBus bus = EventBus.builder(GROUP).transport(rig.transport()).build()) {
      bus.on(
          Poked.class,
          (poked, context) -> {
            if (broken.get()) {
              failures.incrementAndGet();
              throw new IllegalStateException("broken on purpose: " + poked.pokeId());
            }
            handled.countDown();
          },
          HandlerOptions.builder().name("poke").retry(RetryPolicy.none()).build());
      bus.start();
      bus.publish(new Poked("p-1"));
      String dlqId = deadLetterOf("p-1");
      String row = "#dead-letters tr[data-dlq-id='" + dlqId + "']";

      dashboard.open("/dead-letters", "dead-letters");
      assertThat(chromium.visible(row).getDomAttribute("data-group")).isEqualTo(GROUP);
      assertThat(chromium.visible(row).getText()).contains("broken on purpose: p-1");
      broken.set(false);
      chromium.visible(row + " button.replay").click();
      chromium.visible("dialog#confirm #confirm-ok").click();

      chromium.gone(row);
      assertThat(handled.await(DashboardRig.SETTLE.toSeconds(), TimeUnit.SECONDS))
          .as("the replayed event handled")
          .isTrue();
      assertThat(failures).hasValue(1);
      chromium.until(
          "#dlq-count to show 0", d -> chromium.visible("#dlq-count").getText().equals("0"));
    }
  }

  /** The dlqid of the pending dead letter of poke {@code pokeId}, once the gateway lists it. */
  private String deadLetterOf(String pokeId) throws InterruptedException {
    return Await.until(
        "poke " + pokeId + " to be dead-lettered",
        DashboardRig.SETTLE,
        Duration.ofMillis(50),
        () -> {
          for (JsonNode letter : rig.admin("/admin/dead-letters").path("deadLetters")) {
            if (pokeId.equals(letter.path("data").path("pokeId").asText())) {
              return letter.path("dlqid").asText();
            }
          }
          return "";
        },
        id -> !id.isEmpty());
  }

  @Test
  void keyboard_tabReachesTheNavigationAndEnterOpensAnEvent() throws Exception {
    String id = rig.publish(TOPIC, "dash.test.typed", "{\"keys\":\"tab, enter\"}");
    dashboard.open("/events", "events");
    WebElement row = dashboard.eventRow(id);

    List<String> focused = new ArrayList<>();
    for (int i = 0; i < 60 && !row.equals(active()); i++) {
      new Actions(chromium.driver()).sendKeys(Keys.TAB).perform();
      WebElement now = active();
      String href = now.getDomAttribute("href");
      focused.add(href == null ? now.getTagName() + "#" + now.getDomAttribute("id") : href);
    }

    assertThat(focused)
        .as("the tab stops, in order")
        .containsSubsequence("#/events", "#/topology", "#/flows", "#/consumers", "#/dead-letters");
    assertThat(active()).as("the event's row reached with Tab, after " + focused).isEqualTo(row);
    new Actions(chromium.driver()).sendKeys(Keys.ENTER).perform();
    assertThat(dashboard.detailShowing(id).getText()).contains("dash.test.typed", "tab, enter");
  }

  private static WebElement active() {
    WebDriver driver = chromium.driver();
    return (WebElement)
        ((JavascriptExecutor) driver).executeScript("return document.activeElement");
  }

  @Test
  void flows_unknownCorrelationId_showTheProblemInTheBanner() {
    dashboard.open("/events", "events");

    chromium.open(rig.page("/flows/no-such-flow"));

    WebElement banner = chromium.visible("#error");
    assertThat(banner.getDomAttribute("role")).isEqualTo("alert");
    assertThat(banner.getText()).contains("no-such-flow");
    // the 404 answer is the point here; Chromium logs every failed request, so forget that one
    assertThat(chromium.errors())
        .allSatisfy(e -> assertThat(e.getMessage()).contains("/admin/flows/no-such-flow", "404"));
    chromium.clearErrors();
    assertThat(Set.copyOf(dashboard.all("main#view", "data-view"))).containsExactly("flows");
  }
}
