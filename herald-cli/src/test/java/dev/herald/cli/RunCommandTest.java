package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.RecordedEvent;
import dev.herald.eventstore.log.LogEventStore;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code herald run SERVICE}: one shop service in this process. */
class RunCommandTest {
  @TempDir Path data;

  @Test
  void inventory_runsOnTheTransport_andKeepsItsStockInItsOwnStore() {
    Cli.Result result =
        Cli.run(
            "run",
            "inventory",
            "--transport",
            "log:" + data.resolve("bus"),
            "--data",
            data.toString(),
            "--duration",
            "1s");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .startsWith("Herald shop: inventory runs in this process.")
        .contains("  Store      log:" + data.resolve("inventory").resolve("store"))
        .contains("Stopping inventory after PT1S");
    try (EventStore store = LogEventStore.open(data.resolve("inventory").resolve("store"))) {
      List<RecordedEvent> events = store.readAll(0, 100);
      assertThat(events)
          .isNotEmpty()
          .allSatisfy(e -> assertThat(e.category()).isEqualTo("inventory"));
    }
  }

  @Test
  void orders_printsWhereItsApiListens() {
    Cli.Result result =
        Cli.run(
            "run",
            "orders",
            "--transport",
            "log:" + data.resolve("bus"),
            "--data",
            data.toString(),
            "--duration",
            "1s");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).containsPattern("Orders API http://127\\.0\\.0\\.1:\\d+/orders");
  }

  @Test
  void badInput_saysWhatIsWrongAndHowToFixIt() {
    String bus = "log:" + data.resolve("bus");
    Cli.assertBadInput(
        Cli.run("run", "warehouse", "--transport", bus),
        "SERVICE: there is no shop service called 'warehouse'; the services are orders, inventory,"
            + " payments, shipping, fulfilment, notifications, analytics");
    Cli.assertBadInput(
        Cli.run("run", "payments", "--transport", bus, "--store", "mysql://x"),
        "--store: 'mysql://x' is no event store; use log:DIR");
    Cli.assertBadInput(
        Cli.run("run", "payments", "--transport", bus, "--payment-failure-rate", "-1"),
        "--payment-failure-rate: must be from 0 to 1");
    Cli.Result noTransport = Cli.run("run", "payments");
    assertThat(noTransport.exitCode()).isEqualTo(2);
    assertThat(noTransport.err()).contains("--transport");
  }
}
