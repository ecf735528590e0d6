package dev.herald.shop.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.eventstore.memory.InMemoryEventStore;
import dev.herald.log.Durability;
import dev.herald.shop.app.chaos.Chaos;
import dev.herald.shop.app.chaos.ChaosCounts;
import dev.herald.shop.events.Catalog;
import dev.herald.shop.inventory.InventoryService;
import dev.herald.shop.orders.OrderStatus;
import dev.herald.shop.payments.PaymentsService;
import dev.herald.shop.shipping.ShippingService;
import dev.herald.testkit.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole shop on an embedded log in a temporary directory, under the load generator. */
class ShopAppTest {
  private static final Duration SETTLE = Duration.ofSeconds(20);
  private static final Duration EVERY = Duration.ofMillis(50);

  @TempDir Path data;

  private ShopApp.Builder shop(double failureRate) {
    return ShopApp.builder()
        .dataDirectory(data)
        // the log's fsync=always makes every append wait for the disk; the test needs no power-cut
        // safety
        .durability(Durability.never())
        .paymentFailureRate(failureRate)
        .paymentLatency(Duration.ofMillis(2))
        .paymentDeadline(Duration.ofSeconds(5))
        .shippingDelay(Duration.ofMillis(100))
        .pollInterval(Duration.ofMillis(20))
        .seed(7);
  }

  @Test
  void run_thirtyOrders_keepsEveryInvariant() throws Exception {
    try (ShopApp app = shop(0).start()) {
      Instant start = app.startedAt();
      LoadGenerator.of(app.orders(), 42).place(30);

      ShopReport report = Invariants.of(app, SETTLE, EVERY).await(start);

      assertThat(report.invariants()).allSatisfy(i -> assertThat(i.ok()).as(i.toString()).isTrue());
      assertThat(report.ordersByState().get(OrderStatus.SHIPPED)).isPositive();
      assertThat(report.snapshot().orders()).hasSize(30);
      assertThat(report.snapshot().analyticsRevenueCents()).isPositive();
      JsonNode json = new ObjectMapper().readTree(report.toJson());
      assertThat(json.get("ok").asBoolean()).isTrue();
      assertThat(json.get("orders").get("total").asInt()).isEqualTo(30);

      HttpResponse<String> listed =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(app.ordersUri() + "/orders?limit=100")).build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(listed.statusCode()).isEqualTo(200);
      assertThat(listed.body()).contains(report.snapshot().orders().get(0).id());
    }
  }

  @Test
  void run_withPaymentFailures_cancelsSomeReleasesTheirStockAndKeepsEveryInvariant()
      throws Exception {
    try (ShopApp app = shop(0.3).start()) {
      Instant start = app.startedAt();
      LoadGenerator.of(app.orders(), 42).place(30);

      ShopReport report = Invariants.of(app, SETTLE, EVERY).await(start);

      Files.writeString(
          Path.of("target", "shop-report-failure-rate-0.3.json"),
          report.toJson(),
          StandardCharsets.UTF_8);
      assertThat(report.invariants()).allSatisfy(i -> assertThat(i.ok()).as(i.toString()).isTrue());
      assertThat(report.ordersByState().get(OrderStatus.CANCELLED)).isPositive();
      assertThat(report.ordersByState().get(OrderStatus.SHIPPED)).isPositive();
      assertThat(report.snapshot().stock().values())
          .allSatisfy(s -> assertThat(s.reserved()).isZero());
    }
  }

  @Test
  void run_paymentsSlowerThanTheDeadline_cancelsReleasesAndRefundsTheLateCaptures()
      throws Exception {
    try (ShopApp app =
        shop(0)
            .paymentLatency(Duration.ofMillis(150))
            .paymentDeadline(Duration.ofMillis(50))
            .start()) {
      long total =
          LoadGenerator.of(app.orders(), 5).place(8).stream().mapToLong(o -> o.totalCents()).sum();

      Invariants invariants = Invariants.of(app, SETTLE, EVERY);
      ShopReport report = invariants.await(app.startedAt());
      assertThat(report.invariants()).allSatisfy(i -> assertThat(i.ok()).as(i.toString()).isTrue());
      assertThat(report.ordersByState().get(OrderStatus.CANCELLED)).isEqualTo(8);
      // the orders are final at the deadline; the late captures and their refunds come after
      ShopReport refunded =
          Await.until(
              "every late capture to be refunded, and told, with every invariant holding",
              SETTLE,
              EVERY,
              () -> ShopReport.of(invariants.snapshot(), Duration.ZERO),
              r -> r.revenue().refundedCents() == total && r.ok());
      assertThat(refunded.revenue().capturedCents()).isEqualTo(total);
      assertThat(refunded.revenue().netCents()).isZero();
      assertThat(refunded.invariants())
          .allSatisfy(i -> assertThat(i.ok()).as(i.toString()).isTrue());
    }
  }

  @Test
  void run_onTheCallersTransportAndStore_keepsEveryInvariantAndLeavesThemOpen() throws Exception {
    try (Transport transport = Transports.memory();
        InMemoryEventStore store = new InMemoryEventStore()) {
      try (ShopApp app =
          ShopApp.builder()
              .on(transport, store, data.resolve("notes"))
              .shippingDelay(Duration.ofMillis(50))
              .pollInterval(Duration.ofMillis(20))
              .start()) {
        LoadGenerator.of(app.orders(), 8).place(10);

        ShopReport report = Invariants.of(app, SETTLE, EVERY).await(app.startedAt());

        assertThat(report.invariants())
            .allSatisfy(i -> assertThat(i.ok()).as(i.toString()).isTrue());
        assertThat(report.ordersByState().get(OrderStatus.SHIPPED)).isEqualTo(10);
        assertThat(app.notificationsLog()).startsWith(data.resolve("notes"));
      }
      assertThat(store.lastPosition()).isPositive(); // still open: the caller's to close
    }
  }

  @Test
  void run_underChaos_keepsEveryInvariant_andEveryKindOfFaultWasInjected() throws Exception {
    Chaos chaos = new Chaos(11, 0.1, 0.1, 0.1, 6);
    try (ShopApp app = shop(0.2).chaos(chaos).start()) {
      LoadGenerator.of(app.orders(), 9).place(150);

      // settles in about 5 s here; the margin is for a machine busy with other builds
      ShopReport report = Invariants.of(app, SETTLE.multipliedBy(3), EVERY).await(app.startedAt());

      Files.writeString(
          Path.of("target", "shop-report-chaos.json"), report.toJson(), StandardCharsets.UTF_8);
      assertThat(report.invariants()).allSatisfy(i -> assertThat(i.ok()).as(i.toString()).isTrue());
      assertThat(report.snapshot().orders()).hasSize(150);
      assertThat(report.ordersByState().get(OrderStatus.SHIPPED)).isPositive();
      assertThat(report.ordersByState().get(OrderStatus.CANCELLED)).isPositive();
      ChaosCounts injected = report.snapshot().chaos().orElseThrow();
      assertThat(injected.duplicates()).as("duplicates").isPositive();
      assertThat(injected.redeliveries()).as("redeliveries").isPositive();
      assertThat(injected.crashes()).as("lost commits").isPositive();
      assertThat(injected.undecodable().values())
          .as("two undecodable commands for each group that handles one")
          .containsExactlyInAnyOrder(
              InventoryService.NAME,
              InventoryService.NAME,
              PaymentsService.NAME,
              PaymentsService.NAME,
              ShippingService.NAME,
              ShippingService.NAME);
      report
          .snapshot()
          .deadLetters()
          .forEach(
              (group, ids) ->
                  assertThat(Set.copyOf(ids))
                      .as("the dead letters of " + group)
                      .isEqualTo(idsFor(injected, group)));
      JsonNode json = new ObjectMapper().readTree(report.toJson());
      assertThat(json.get("chaos").get("undecodable").asInt()).isEqualTo(6);
      assertThat(json.get("chaos").get("crashes").asLong()).isEqualTo(injected.crashes());
    }
  }

  private static Set<String> idsFor(ChaosCounts injected, String group) {
    Set<String> ids = new HashSet<>();
    injected
        .undecodable()
        .forEach(
            (id, of) -> {
              if (of.equals(group)) {
                ids.add(id);
              }
            });
    return ids;
  }

  @Test
  void run_withASupplier_restocksWhatRunsLow_andCountsDeliveriesInTheStockInvariant()
      throws Exception {
    Catalog small =
        Catalog.of(
            List.of(
                new Catalog.Item("TEA-GREEN", "Green tea", 650, 12),
                new Catalog.Item("KETTLE", "Kettle", 7_500, 6)));
    try (ShopApp app = shop(0).catalog(small).restockEvery(Duration.ofMillis(20)).start()) {
      LoadGenerator.of(app.orders(), 3).place(30);

      ShopReport report = Invariants.of(app, SETTLE, EVERY).await(app.startedAt());

      assertThat(report.invariants()).allSatisfy(i -> assertThat(i.ok()).as(i.toString()).isTrue());
      assertThat(app.inventory().received()).as("deliveries").isNotEmpty();
      int received = app.inventory().received().values().stream().mapToInt(i -> i).sum();
      assertThat(report.snapshot().initialStock().values().stream().mapToInt(i -> i).sum())
          .as("the stock the shop was given: 18 at the start, and every delivery")
          .isEqualTo(18 + received);
    }
  }

  @Test
  void restart_onTheSameDirectory_continuesAndKeepsEveryInvariantOverBothRuns() throws Exception {
    ShopReport first;
    try (ShopApp app = shop(0.2).start()) {
      LoadGenerator.of(app.orders(), 1).place(15);
      first = Invariants.of(app, SETTLE, EVERY).await(app.startedAt());
    }
    assertThat(first.ok()).as(first.toJson()).isTrue();

    try (ShopApp app = shop(0.2).start()) {
      LoadGenerator.of(app.orders(), 2).place(15);
      ShopReport both = Invariants.of(app, SETTLE, EVERY).await(app.startedAt());

      assertThat(both.invariants()).allSatisfy(i -> assertThat(i.ok()).as(i.toString()).isTrue());
      assertThat(both.snapshot().orders()).hasSize(30);
      assertThat(both.snapshot().orders())
          .extracting(o -> o.id())
          .containsAll(first.snapshot().orders().stream().map(o -> o.id()).toList());
      // analytics rebuilt its figures from the whole history, not only the second run
      assertThat(both.snapshot().analyticsRevenueCents())
          .isGreaterThanOrEqualTo(first.snapshot().analyticsRevenueCents());
    }
  }
}
