package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GatewayCommandTest {
  private static final Pattern PUBLISH = Pattern.compile("Publish +POST (http://\\S+)/topics/");
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private final ExecutorService background = Executors.newCachedThreadPool();

  @AfterEach
  void stop() {
    background.shutdownNow();
  }

  @Test
  void gateway_servesTheTransport_untilStopped() throws Exception {
    CommandLine commandLine = HeraldCommand.commandLine(new HeraldCommand());
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    GatewayCommand command = commandLine.getSubcommands().get("gateway").getCommand();
    Future<Integer> exit =
        background.submit(
            () ->
                commandLine.execute(
                    "gateway", "--transport", "log:" + dir.resolve("data"), "--port", "0"));
    URI base = awaitAddress(out, exit, err);

    HttpResponse<String> published =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(base.resolve("/topics/shop.order/events"))
                    .header("Content-Type", "application/cloudevents+json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"specversion\":\"1.0\",\"id\":\"g-1\",\"source\":\"/cli\","
                                + "\"type\":\"shop.order.placed\",\"data\":{}}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(published.statusCode()).as(published.body()).isEqualTo(202);
    assertThat(out.toString())
        .contains("open to this machine (no --tokens)", "Dashboard  " + base + "/");

    command.stop();
    assertThat(exit.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as(err.toString()).isZero();
    assertThat(out.toString()).contains("Stopping the gateway");
    CommandLine tail = HeraldCommand.commandLine(new HeraldCommand());
    StringWriter tailed = new StringWriter();
    tail.setOut(new PrintWriter(tailed, true));
    assertThat(
            tail.execute(
                "tail",
                "--transport",
                "log:" + dir.resolve("data"),
                "--topic",
                "shop.order",
                "--from",
                "earliest",
                "--max",
                "1"))
        .isZero();
    assertThat(tailed.toString()).contains("\"id\":\"g-1\"");
  }

  private static URI awaitAddress(StringWriter out, Future<Integer> exit, StringWriter err)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      Matcher matcher = PUBLISH.matcher(out.toString());
      if (matcher.find() && out.toString().contains("Ctrl-C stops it.")) {
        return URI.create(matcher.group(1));
      }
      if (exit.isDone()) {
        throw new AssertionError("the gateway ended: " + out + err);
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no address printed within " + WAIT + ": " + out + err);
  }

  @Test
  void badInput_exits2_sayingWhatIsWrong() throws Exception {
    Path tokens = dir.resolve("tokens.json");
    Files.writeString(tokens, "{\"tokens\":[{\"name\":\"x\"}]}");

    assertBadInput("tokens file", "--tokens", tokens.toString());
    assertBadInput("does not exist", "--tokens", dir.resolve("none.json").toString());
    assertBadInput("without API tokens", "--host", "0.0.0.0");
    assertBadInput("--port", "--port", "70000");
    assertBadInput("--webhooks-may-reach: prefix /99", "--webhooks-may-reach", "10.0.0.0/99");
  }

  private void assertBadInput(String message, String... args) {
    CommandLine commandLine = HeraldCommand.commandLine(new HeraldCommand());
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(new StringWriter(), true));
    commandLine.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 5];
    all[0] = "gateway";
    all[1] = "--transport";
    all[2] = "memory:";
    all[3] = "--port";
    all[4] = "0";
    System.arraycopy(args, 0, all, 5, args.length);

    assertThat(commandLine.execute(all)).as(err.toString()).isEqualTo(2);
    assertThat(err.toString()).contains(message);
  }
}
