package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.eventstore.postgres.PostgresEventStore;
import dev.herald.kafka.EmbeddedKafka;
import dev.herald.shop.app.Invariants;
import dev.herald.shop.app.ShopApp;
import dev.herald.shop.app.ShopReport;
import dev.herald.shop.orders.Order;
import dev.herald.testkit.Await;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shop as separate processes, as {@code herald run} runs it: each service a child JVM on one
 * Kafka broker and one PostgreSQL schema, payments twice (the two share its partitions). Orders
 * come in over HTTP at a steady rate; mid-load one payments instance and the fulfilment saga are
 * killed with SIGKILL and started again while orders keep coming. Then a shop that only looks on
 * (it handles and appends nothing, see {@link ReadOnlyTransport}) waits for the invariants over the
 * same broker, store and notifications; the two payments instances must have shared the charges and
 * relayed each payment fact once between them, and every process must stop cleanly on SIGTERM. The
 * children's logs stay in {@code target/multi-process-shop}.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class MultiProcessShopTest {
  private static final double ORDERS_PER_SECOND = 5;
  private static final int ORDERS_PER_PHASE = 10;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Duration LOOK_EVERY = Duration.ofMillis(200);
  private static final Duration SETTLE = Duration.ofSeconds(90);
  private static final List<String> SERVICES =
      List.of(
          "orders",
          "inventory",
          "payments-a",
          "payments-b",
          "shipping",
          "fulfilment",
          "notifications");

  @TempDir Path dir;
  private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
  private final String schema = TestPostgres.newSchema();
  private final long started = System.nanoTime();

  /** What the load placed, and when. */
  private record Load(List<String> placed, int beforeKill, int whileDown) {}

  @AfterEach
  void cleanUp() throws InterruptedException {
    for (ServiceProcess service : services.values()) {
      service.close();
    }
    TestPostgres.dropSchema(schema);
  }

  @Test
  void shopInSeparateProcesses_survivesAKill9MidLoad_andKeepsEveryInvariant() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      Path notifications = dir.resolve("shop").resolve("notifications");
      startShop(kafka.uri());
      Instant since = Instant.now();

      Load load = placeOrdersThroughAKill();

      try (Transport bus = Transports.open(kafka.uri());
          PostgresEventStore events =
              PostgresEventStore.builder()
                  .url(TestPostgres.url())
                  .schema(schema)
                  .poolSize(2)
                  .open();
          ShopApp onlooker =
              ShopApp.builder()
                  .on(new ReadOnlyTransport(bus), new ReadOnlyStore(events), notifications)
                  .start()) {
        Invariants invariants = Invariants.of(onlooker, SETTLE, LOOK_EVERY);
        ShopReport report = invariants.await(since);
        mark("the invariants hold: " + report.toJson());
        assertThat(report.ok()).as(report.toJson()).isTrue();
        assertThat(report.snapshot().orders())
            .extracting(Order::id)
            .as("every order the API took, and no other")
            .containsExactlyInAnyOrderElementsOf(load.placed());

        // the two payments instances shared the work: each handled charges of its own partitions
        assertThat(services.get("payments-b").handled()).as("payments-b handled").isPositive();
        // but one relayed payments' facts at a time: copies come only from the one killed
        Set<String> stored = TopicIds.inCategory(events, "payment");
        Map<String, Integer> copies = TopicIds.copies(bus, "shop.payment");
        int relayed = copies.values().stream().mapToInt(Integer::intValue).sum();
        mark(stored.size() + " payment events stored, " + relayed + " relayed");
        assertThat(copies.keySet()).containsExactlyInAnyOrderElementsOf(stored);
        assertThat(relayed).as("payment events relayed").isLessThan(stored.size() * 5 / 4);
        List<String> stopped = new ArrayList<>();
        services.values().forEach(ServiceProcess::terminate);
        for (ServiceProcess service : services.values()) {
          stopped.addAll(service.awaitStopped());
        }
        mark("every process stopped on SIGTERM");
        assertThat(stopped).contains("Stopped payments.", "Stopped fulfilment.", "Stopped orders.");
        ShopReport afterStop = ShopReport.of(invariants.snapshot(), report.elapsed());
        assertThat(afterStop.ok()).as(afterStop.toJson()).isTrue();
        mark(
            load.placed().size()
                + " orders: "
                + load.beforeKill()
                + " before the kill, "
                + load.whileDown()
                + " while payments-a and fulfilment were down, the rest after");
      }
    }
  }

  /** Starts every service as its own process on the broker at {@code kafka} and the schema. */
  private void startShop(String kafka) throws Exception {
    // a killed member's partitions move once its session times out: 45 s by default
    String transport =
        kafka + "?consumer.session.timeout.ms=6000&consumer.heartbeat.interval.ms=1000";
    List<String> args =
        List.of(
            "--transport",
            transport,
            "--store",
            TestPostgres.url(schema),
            "--data",
            dir.resolve("shop").toString(),
            "--payment-failure-rate",
            "0.1");
    Path logs = logDirectory();
    for (String name : SERVICES) {
      services.put(name, new ServiceProcess(name, name.replaceAll("-.$", ""), args, logs));
    }
    startAll(List.copyOf(services.values()));
    mark("every service runs");
  }

  /**
   * Places orders at a steady rate; once payments-a and fulfilment handle them, kills both with
   * SIGKILL, starts them again a few orders later, and stops placing once both handle events again.
   */
  private Load placeOrdersThroughAKill() throws Exception {
    List<ServiceProcess> killed = List.of(services.get("payments-a"), services.get("fulfilment"));
    try (OrderPlacer orders =
        OrderPlacer.start(services.get("orders").ordersUri(), ORDERS_PER_SECOND, 42)) {
      awaitHandling(killed);
      await("orders placed", () -> orders.placed().size() >= ORDERS_PER_PHASE);
      for (ServiceProcess service : killed) {
        service.kill();
      }
      int beforeKill = orders.placed().size();
      mark("killed payments-a and fulfilment with SIGKILL after " + beforeKill + " orders");
      await(
          "orders placed while they are down",
          () -> orders.placed().size() >= beforeKill + ORDERS_PER_PHASE);
      int whileDown = orders.placed().size() - beforeKill;
      startAll(killed);
      int afterRestart = orders.placed().size();
      mark("restarted them");
      awaitHandling(killed);
      await(
          "orders placed after the restart",
          () -> orders.placed().size() >= afterRestart + ORDERS_PER_PHASE);
      orders.close(); // lets an order under way finish, so that it is counted
      mark("placed " + orders.placed().size() + " orders");
      assertThat(orders.failures()).as("orders the API did not take").isEmpty();
      return new Load(orders.placed(), beforeKill, whileDown);
    }
  }

  /** Launches every one at once (they start in parallel), then waits until each runs. */
  private static void startAll(List<ServiceProcess> processes) throws Exception {
    for (ServiceProcess process : processes) {
      process.launch();
    }
    for (ServiceProcess process : processes) {
      process.awaitReady();
    }
  }

  /** Waits until each of {@code processes} has handled events since it started. */
  private void awaitHandling(List<ServiceProcess> processes) throws InterruptedException {
    for (ServiceProcess process : processes) {
      try {
        Await.until(
            process.name() + " to handle events", WAIT, LOOK_EVERY, process::handled, n -> n > 0);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + process.failure(), e);
      }
    }
    mark(processes.stream().map(ServiceProcess::name).toList() + " handle events");
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    Await.until(what, WAIT, LOOK_EVERY, condition::getAsBoolean, done -> done);
  }

  /** Where the children's logs go: kept after the run, for a look at what each process did. */
  private static Path logDirectory() throws IOException {
    Path logs = Path.of("target", "multi-process-shop");
    if (Files.isDirectory(logs)) {
      try (var old = Files.list(logs)) {
        for (Path log : old.toList()) {
          Files.delete(log);
        }
      }
    }
    return Files.createDirectories(logs);
  }

  /** Prints a step of the run with the time since the test began, to the test's output. */
  private void mark(String step) {
    System.out.printf(Locale.ROOT, "%6.1f s  %s%n", (System.nanoTime() - started) / 1e9, step);
  }
}
