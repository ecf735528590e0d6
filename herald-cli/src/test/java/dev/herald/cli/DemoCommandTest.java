package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code herald demo}: the whole shop in this process, live or checked with --exit. */
class DemoCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path data;

  private static JsonNode report(Cli.Result result) throws Exception {
    assertThat(result.out().lines()).as("one JSON object on stdout").hasSize(1);
    return JSON.readTree(result.out());
  }

  @Test
  void exit_placesTheOrders_waitsForEach_andPrintsAReportWhoseInvariantsHold() throws Exception {
    Cli.Result result = Cli.run("demo", "--data", data.toString(), "--orders", "20", "--exit");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode report = report(result);
    assertThat(report.get("ok").asBoolean()).isTrue();
    assertThat(report.get("orders").get("total").asInt()).isEqualTo(20);
    assertThat(
            report.get("orders").get("shipped").asInt()
                + report.get("orders").get("cancelled").asInt())
        .isEqualTo(20);
    assertThat(report.get("invariants")).hasSizeGreaterThanOrEqualTo(6);
    report
        .get("invariants")
        .forEach(i -> assertThat(i.get("ok").asBoolean()).as(i.toString()).isTrue());
    assertThat(result.err()).contains("placed 20 of 20 orders");
    assertThat(data.resolve("notifications/notifications.log")).isNotEmptyFile();
  }

  @Test
  void runningAgainOnTheSameData_continuesFromIt() throws Exception {
    Cli.Result first = Cli.run("demo", "--data", data.toString(), "--orders", "5", "--exit");
    Cli.Result second =
        Cli.run("demo", "--data", data.toString(), "--orders", "7", "--exit", "--seed", "2");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(report(first).get("orders").get("total").asInt()).isEqualTo(5);
    JsonNode again = report(second);
    assertThat(again.get("orders").get("total").asInt()).as("both runs' orders").isEqualTo(12);
    assertThat(again.get("ok").asBoolean()).isTrue();
    assertThat(again.get("notifications").asInt())
        .as("the first run's messages are still there, none sent twice")
        .isGreaterThan(report(first).get("notifications").asInt());
  }

  @Test
  void exitWithPaymentFailures_cancelsAndRefundsAndStillKeepsEveryInvariant() throws Exception {
    Cli.Result result =
        Cli.run(
            "demo",
            "--temp",
            "--orders",
            "30",
            "--exit",
            "--payment-failure-rate",
            "0.5",
            "--seed",
            "3");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode report = report(result);
    assertThat(report.get("ok").asBoolean()).isTrue();
    assertThat(report.get("orders").get("cancelled").asInt()).as("declined payments").isPositive();
  }

  @Test
  void exitUnderChaos_deadLettersExactlyTheInjectedUndecodables_andEveryInvariantHolds()
      throws Exception {
    Cli.Result result =
        Cli.run(
            "demo",
            "--temp",
            "--orders",
            "40",
            "--exit",
            "--payment-failure-rate",
            "0.2",
            "--chaos");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode report = report(result);
    assertThat(report.get("ok").asBoolean()).isTrue();
    assertThat(report.get("chaos").get("undecodable").asInt()).isEqualTo(5);
    assertThat(report.get("chaos").get("duplicates").asInt()).isPositive();
    assertThat(report.get("deadLetters").asInt()).isGreaterThanOrEqualTo(5);
  }

  @Test
  void live_printsWhereToLook_andRedrawsTheSummaryUntilItsDuration() throws Exception {
    Cli.Result result =
        Cli.run(
            "demo",
            "--data",
            data.toString(),
            "--rate",
            "20",
            "--orders",
            "10",
            "--duration",
            "3s");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .startsWith("Herald demo: the shop's seven services exchange events in this process.")
        .containsPattern("Orders API +http://127\\.0\\.0\\.1:\\d+/orders")
        .containsPattern("Gateway +http://127\\.0\\.0\\.1:\\d+ \\(POST /topics/T/events")
        .contains("Messages       " + data.resolve("notifications").resolve("notifications.log"))
        .containsPattern("(?m)^  Orders    \\d+ placed: \\d+ open, \\d+ confirmed, \\d+ shipped")
        .contains("  Stock     TEA-GREEN ")
        .contains("Stopping");
    assertThat(data.resolve("log")).as("the events are kept in the data").isNotEmptyDirectory();
  }

  @Test
  void portInUse_isBadInputNamingThePort() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      Cli.assertBadInput(
          Cli.run("demo", "--temp", "--port", Integer.toString(port), "--orders", "1", "--exit"),
          "--port: port " + port + " on 127.0.0.1 is in use; stop what holds it, or choose");
    }
  }

  @Test
  void badInput_saysWhatIsWrongAndHowToFixIt() {
    Cli.assertBadInput(Cli.run("demo", "--exit"), "--exit: needs --orders N");
    Cli.assertBadInput(
        Cli.run("demo", "--temp", "--data", data.toString(), "--orders", "1", "--exit"),
        "--temp: and --data both name the data");
    Cli.assertBadInput(
        Cli.run("demo", "--orders", "1", "--exit", "--payment-failure-rate", "1.5"),
        "--payment-failure-rate: must be from 0 to 1, such as 0.2; was 1.5");
    Cli.assertBadInput(Cli.run("demo", "--rate", "0"), "--rate: must be above 0");
    Cli.assertBadInput(Cli.run("demo", "--orders", "0", "--exit"), "--orders: must be 1 or more");
    Cli.assertBadInput(
        Cli.run("demo", "--port", "70000"), "--port: must be a port from 1 to 65535");
    Cli.assertBadInput(
        Cli.run("demo", "--gateway-port", "70000"),
        "--gateway-port: must be a port from 1 to 65535");
  }
}
