package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.Envelope;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.gateway.Gateway;
import dev.herald.testkit.Await;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code herald publish} and {@code tail} with {@code --url}, through a real gateway. */
class PublishTailUrlTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(20);

  // One partition, so offsets are predictable.
  private final Transport transport = Transports.memory(1);
  private final ExecutorService background = Executors.newCachedThreadPool();
  private Gateway gateway;
  private String url;

  @BeforeEach
  void startGateway() {
    // Frequent heartbeats: the gateway notices a tail that went away soon after it went.
    gateway = Gateway.builder(transport).heartbeat(Duration.ofMillis(100)).start();
    url = gateway.uri().toString();
  }

  @AfterEach
  void stop() {
    background.shutdownNow();
    gateway.close();
    transport.close();
  }

  private Cli.Result run(String... args) {
    return Cli.run(transport, args);
  }

  private Cli.Result publish(String where, String key, String data, String... extra) {
    List<String> args = new ArrayList<>(List.of("publish"));
    args.addAll(List.of(where.split(" ", 2)));
    args.addAll(
        List.of(
            "--topic", "shop.order", "--type", "shop.order.placed", "--key", key, "--data", data));
    args.addAll(List.of(extra));
    Cli.Result result = run(args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result;
  }

  private Cli.Result tail(String where, String... extra) {
    List<String> args = new ArrayList<>(List.of("tail"));
    args.addAll(List.of(where.split(" ", 2)));
    args.addAll(List.of("--topic", "shop.order"));
    args.addAll(List.of(extra));
    Cli.Result result = run(args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result;
  }

  private String viaUrl() {
    return "--url " + url;
  }

  private static JsonNode json(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> ids(Cli.Result tailed) {
    return tailed.lines().stream().map(line -> json(line).get("id").asText()).toList();
  }

  private void awaitStreamClients(int count) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest metrics = HttpRequest.newBuilder(URI.create(url + "/metrics")).build();
    Await.until(
        count + " stream clients of the gateway",
        WAIT,
        Duration.ofMillis(20),
        () -> {
          try {
            return http.send(metrics, HttpResponse.BodyHandlers.ofString()).body();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        },
        body -> body.contains("herald_gateway_stream_clients " + count + ".0"));
  }

  @Test
  void publish_viaUrl_printsTheLineTheTransportPrintsAndStoresTheEvent() {
    String data = "{\"orderId\":\"o-1\",\"total\":42.50}";
    Cli.Result viaUrl = publish(viaUrl(), "o-1", data, "--id", "evt-1", "--source", "/shop");
    Cli.Result direct = publish("--transport memory:", "o-2", "{}", "--id", "evt-2");

    assertThat(viaUrl.out())
        .isEqualTo(
            "{\"topic\":\"shop.order\",\"partition\":0,\"offset\":0,\"id\":\"evt-1\"}"
                + System.lineSeparator());
    assertThat(direct.out())
        .isEqualTo(
            "{\"topic\":\"shop.order\",\"partition\":0,\"offset\":1,\"id\":\"evt-2\"}"
                + System.lineSeparator());
    assertThat(viaUrl.err()).isEmpty();
    Cli.Result stored = tail("--transport memory:", "--max", "1");
    JsonNode event = json(stored.lines().get(0));
    assertThat(event.get("id").asText()).isEqualTo("evt-1");
    assertThat(event.get("source").asText()).isEqualTo("/shop");
    assertThat(event.get("subject").asText()).isEqualTo("o-1");
    assertThat(event.get("partitionkey").asText()).isEqualTo("o-1");
    assertThat(stored.out()).contains("\"data\":" + data);
  }

  @Test
  void tail_viaUrl_printsExactlyWhatTheTransportTailPrints() throws Exception {
    publish(viaUrl(), "o-1", "{\"total\":42.50,\"lines\":[1,2]}", "--id", "e1");
    publish(viaUrl(), "o-2", "\"just text\"", "--id", "e2", "--subject", "order o-2");
    Envelope text =
        Envelope.builder()
            .id("e3")
            .source("test")
            .type("note.written")
            .dataContentType("text/plain")
            .data("hello")
            .build();
    transport.append("shop.order", List.of(text)).get(10, TimeUnit.SECONDS);

    Cli.Result viaUrl = tail(viaUrl(), "--from", "earliest", "--max", "3");
    Cli.Result direct = tail("--transport memory:", "--max", "3");

    assertThat(ids(viaUrl)).containsExactly("e1", "e2", "e3");
    assertThat(viaUrl.out()).isEqualTo(direct.out());
  }

  @Test
  void tail_viaUrl_printsEventsPublishedWhileItFollows() throws Exception {
    Future<Cli.Result> tailing =
        background.submit(() -> tail(viaUrl(), "--from", "earliest", "--max", "1"));
    awaitStreamClients(1);

    publish(viaUrl(), "a", "{\"late\":true}", "--id", "late");

    Cli.Result tailed = tailing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(ids(tailed)).containsExactly("late");
  }

  @Test
  void tail_viaUrl_resumesFromThePositionItNotes() {
    publish(viaUrl(), "a", "1", "--id", "e1");
    publish(viaUrl(), "a", "2", "--id", "e2");
    publish(viaUrl(), "a", "3", "--id", "e3");

    Cli.Result first = tail(viaUrl(), "--from", "earliest", "--max", "2");

    assertThat(ids(first)).containsExactly("e1", "e2");
    assertThat(first.err()).contains("give --from 0:2");
    assertThat(ids(tail(viaUrl(), "--from", "0:2", "--max", "1"))).containsExactly("e3");
    // An offset works as with --transport: from there in every partition.
    assertThat(ids(tail(viaUrl(), "--from", "1", "--max", "2"))).containsExactly("e2", "e3");
  }

  @Test
  void tailWithGroup_viaUrl_resumesAfterWhatTheGroupWasSent() throws Exception {
    publish(viaUrl(), "a", "1", "--id", "e1");
    publish(viaUrl(), "a", "2", "--id", "e2");

    assertThat(ids(tail(viaUrl(), "--group", "audit", "--from", "earliest", "--max", "2")))
        .containsExactly("e1", "e2");
    awaitStreamClients(0); // the gateway let go of the first member, committing what it sent
    publish(viaUrl(), "a", "3", "--id", "e3");

    assertThat(ids(tail(viaUrl(), "--group", "audit", "--from", "earliest", "--max", "1")))
        .containsExactly("e3");
  }

  @Test
  void stop_endsAFollowingTailPromptly() throws Exception {
    StringWriter out = new StringWriter();
    try (GatewayClient client = GatewayClient.of(url, Optional.empty())) {
      GatewayTail tail =
          new GatewayTail(
              client,
              new PrintWriter(out, true),
              new PrintWriter(new StringWriter(), true),
              Optional.empty(),
              Optional.empty());
      Future<Long> following =
          background.submit(
              () -> tail.run("shop.order", Optional.empty(), TailStart.parse("latest", false)));
      awaitStreamClients(1);

      tail.stop();

      assertThat(following.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
    }
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void tail_gatewayStops_exits1SayingSo() throws Exception {
    Future<Cli.Result> tailing =
        background.submit(() -> run("tail", "--url", url, "--topic", "shop.order"));
    awaitStreamClients(1);

    gateway.close();

    Cli.Result result = tailing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains("herald tail: the gateway at " + url + " ended the stream")
        .doesNotContain("\tat ");
  }
}
