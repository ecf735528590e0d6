package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.RecordedEvent;
import dev.herald.eventstore.log.LogEventStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code herald run SERVICE}: one shop service in this process. Several of them as separate
 * processes on Kafka are {@link MultiProcessShopTest}'s.
 */
class RunCommandTest {
  @TempDir Path data;

  private String bus() {
    return "log:" + data.resolve("bus");
  }

  @Test
  void inventory_runsOnTheTransport_andKeepsItsStockInItsOwnStore() {
    Cli.Result result =
        Cli.run(
            "run",
            "inventory",
            "--transport",
            bus(),
            "--data",
            data.toString(),
            "--duration",
            "1s");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.lines())
        .containsExactly(
            "Herald shop: inventory runs in this process.",
            "  Transport  " + bus(),
            "  Store      log:" + data.resolve("inventory").resolve("store"),
            "Press Ctrl-C to stop.",
            "Stopping inventory after PT1S ...",
            "Stopped inventory.");
    try (EventStore store = LogEventStore.open(data.resolve("inventory").resolve("store"))) {
      List<RecordedEvent> events = store.readAll(0, 100);
      assertThat(events)
          .isNotEmpty()
          .allSatisfy(e -> assertThat(e.category()).isEqualTo("inventory"));
    }
  }

  @Test
  void orders_printsWhereItsApiAndItsMetricsAre() throws IOException {
    int metrics = freePort();
    Cli.Result result =
        Cli.run(
            "run",
            "orders",
            "--transport",
            bus(),
            "--data",
            data.toString(),
            "--metrics-port",
            Integer.toString(metrics),
            "--duration",
            "1s");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .containsPattern("\n  Orders API http://127\\.0\\.0\\.1:\\d+/orders\n")
        .contains("\n  Metrics (Prometheus text): http://127.0.0.1:" + metrics + "/metrics\n")
        .endsWith("Stopped orders." + System.lineSeparator());
  }

  @Test
  void notifications_printsWhereTheMessagesGo_andOpensNoStore() {
    Cli.Result result =
        Cli.run(
            "run",
            "notifications",
            "--transport",
            bus(),
            "--data",
            data.toString(),
            "--duration",
            "1s");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.lines())
        .contains(
            "  Store      none (notifications keeps no events)",
            "  Messages   "
                + data.resolve("notifications").resolve("notifications.log").toString());
    assertThat(data.resolve("notifications").resolve("store")).doesNotExist();
  }

  @Test
  void badInput_saysWhatIsWrongAndHowToFixIt() throws IOException {
    Cli.assertBadInput(
        Cli.run("run", "warehouse", "--transport", bus()),
        "SERVICE: there is no shop service called 'warehouse'; the services are orders, inventory,"
            + " payments, shipping, fulfilment, notifications, analytics");
    Cli.assertBadInput(
        Cli.run("run", "payments", "--transport", "nope://x"),
        "--transport: unknown transport scheme 'nope'");
    Cli.assertBadInput(
        Cli.run("run", "payments", "--transport", bus(), "--store", "mysql://x"),
        "--store: 'mysql://x' is no event store; use log:DIR, such as"
            + " log:herald-data/inventory/store, or a jdbc:postgresql:// URL");
    Cli.assertBadInput(
        Cli.run("run", "payments", "--transport", bus(), "--store", "log:"),
        "--store: 'log:' is no event store");
    Cli.assertBadInput(
        Cli.run(
            "run",
            "payments",
            "--transport",
            bus(),
            "--store",
            "jdbc:postgresql://127.0.0.1:5432/shop?currentSchema=Shop-1"),
        "--store: currentSchema 'Shop-1' is not one schema Herald can keep its tables in");
    Cli.assertBadInput(
        Cli.run("run", "payments", "--transport", bus(), "--payment-failure-rate", "1.5"),
        "--payment-failure-rate: must be from 0 to 1, such as 0.2; was 1.5");
    Cli.assertBadInput(
        Cli.run("run", "orders", "--transport", bus(), "--port", "70000"),
        "--port: must be a port from 1 to 65535, or 0 for any free one; was 70000");
    Cli.assertBadInput(
        Cli.run("run", "orders", "--transport", bus(), "--metrics-port", "0"),
        "--metrics-port: must be a port from 1 to 65535, was 0");
    Path file = Files.writeString(data.resolve("file"), "not a directory");
    Cli.assertBadInput(
        Cli.run("run", "orders", "--transport", bus(), "--data", file.toString()),
        "--data: " + file + " is a file; give a directory");
    Cli.Result noTransport = Cli.run("run", "payments");
    assertThat(noTransport.exitCode()).isEqualTo(2);
    assertThat(noTransport.err()).contains("Missing required option: '--transport=URI'");
    Cli.Result noDuration = Cli.run("run", "payments", "--transport", bus(), "--duration", "0s");
    assertThat(noDuration.exitCode()).isEqualTo(2);
    assertThat(noDuration.err()).contains("'0s' is not a positive duration");
  }

  @Test
  void orders_portInUse_isBadInputNamingThePort() throws IOException {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      Cli.Result result =
          Cli.run(
              "run",
              "orders",
              "--transport",
              bus(),
              "--data",
              data.toString(),
              "--port",
              Integer.toString(port));

      assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
      assertThat(result.err())
          .contains("herald run: --port: port " + port + " on 127.0.0.1 is in use")
          .doesNotContain("\tat ");
    }
  }

  @Test
  void storeUnreachable_exits1SayingWhichStoreAndWhy() {
    String url = "jdbc:postgresql://127.0.0.1:1/shop?user=shop&password=secret";

    Cli.Result result =
        Cli.run("run", "payments", "--transport", bus(), "--store", url, "--duration", "1s");

    assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
    assertThat(result.err())
        .contains(
            "herald run: the event store jdbc:postgresql://127.0.0.1:1/shop?user=shop&password=***"
                + " did not open: could not connect to PostgreSQL")
        .doesNotContain("secret")
        .doesNotContain("\tat ");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
