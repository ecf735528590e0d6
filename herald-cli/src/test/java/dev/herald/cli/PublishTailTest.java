package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import dev.herald.core.Position;
import dev.herald.core.StartPosition;
import dev.herald.core.Transports;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PublishTailTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  // One partition, so offsets are predictable.
  private final Transport transport = Transports.memory(1);
  private final ExecutorService background = Executors.newCachedThreadPool();

  @AfterEach
  void close() {
    background.shutdownNow();
    transport.close();
  }

  private Cli.Result publish(String key, String data, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "publish",
                "--transport",
                "memory:",
                "--topic",
                "shop.order",
                "--type",
                "shop.order.placed",
                "--key",
                key,
                "--data",
                data));
    args.addAll(List.of(extra));
    Cli.Result result = Cli.run(transport, args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result;
  }

  private Cli.Result tail(String... extra) {
    List<String> args =
        new ArrayList<>(List.of("tail", "--transport", "memory:", "--topic", "shop.order"));
    args.addAll(List.of(extra));
    Cli.Result result = Cli.run(transport, args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result;
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

  @Test
  void publishThenTail_roundTripsAttributesAndData() {
    String data = "{\"orderId\":\"o-1\",\"total\":42.50,\"lines\":[1,2]}";
    Cli.Result published =
        publish("o-1", data, "--id", "evt-1", "--source", "/shop/orders", "--subject", "order o-1");

    assertThat(published.lines()).hasSize(1);
    assertThat(json(published.out()))
        .isEqualTo(
            json("{\"topic\":\"shop.order\",\"partition\":0,\"offset\":0,\"id\":\"evt-1\"}"));

    Cli.Result tailed = tail("--max", "1");

    assertThat(tailed.lines()).hasSize(1);
    String line = tailed.lines().get(0);
    JsonNode event = json(line);
    assertThat(event.get("specversion").asText()).isEqualTo("1.0");
    assertThat(event.get("id").asText()).isEqualTo("evt-1");
    assertThat(event.get("source").asText()).isEqualTo("/shop/orders");
    assertThat(event.get("type").asText()).isEqualTo("shop.order.placed");
    assertThat(event.get("subject").asText()).isEqualTo("order o-1");
    assertThat(event.get("datacontenttype").asText()).isEqualTo("application/json");
    assertThat(event.get("partitionkey").asText()).isEqualTo("o-1");
    assertThat(Instant.parse(event.get("time").asText())).isBefore(Instant.now().plusSeconds(1));
    assertThat(event.get("heraldtopic").asText()).isEqualTo("shop.order");
    assertThat(event.get("heraldpartition").asInt()).isZero();
    assertThat(event.get("heraldoffset").asLong()).isZero();
    assertThat(event.has("data_base64")).isFalse();
    // The data comes back as published, digit for digit.
    assertThat(line).contains("\"data\":" + data);
  }

  @Test
  void publish_withoutIdSourceOrSubject_usesDefaults() {
    Cli.Result published = publish("o-2", "{}");
    String id = json(published.out()).get("id").asText();

    JsonNode event = json(tail("--max", "1").lines().get(0));

    assertThat(UUID.fromString(id)).isNotNull();
    assertThat(event.get("id").asText()).isEqualTo(id);
    assertThat(event.get("source").asText()).isEqualTo("herald-cli");
    assertThat(event.get("subject").asText()).isEqualTo("o-2");
  }

  @Test
  void tailWithGroup_resumesAfterWhatItPrinted() {
    publish("a", "1", "--id", "e1");
    publish("a", "2", "--id", "e2");

    assertThat(ids(tail("--group", "audit", "--max", "1"))).containsExactly("e1");
    publish("a", "3", "--id", "e3");
    // e2 was fetched in the first tail's batch but not printed, so it was not committed.
    assertThat(ids(tail("--group", "audit", "--idle-timeout", "300ms")))
        .containsExactly("e2", "e3");
    assertThat(ids(tail("--group", "audit", "--idle-timeout", "300ms"))).isEmpty();
    // Without --group nothing was committed: every tail sees everything.
    assertThat(ids(tail("--idle-timeout", "300ms"))).containsExactly("e1", "e2", "e3");
    assertThat(ids(tail("--idle-timeout", "300ms"))).containsExactly("e1", "e2", "e3");
  }

  @Test
  void tail_fromOffset_startsThere() {
    publish("a", "1", "--id", "e1");
    publish("a", "2", "--id", "e2");
    publish("a", "3", "--id", "e3");

    assertThat(ids(tail("--from", "1", "--idle-timeout", "300ms"))).containsExactly("e2", "e3");
  }

  @Test
  void tail_dataThatIsNotJson_printsDataBase64() throws Exception {
    Envelope text =
        Envelope.builder()
            .id("plain")
            .source("test")
            .type("note.written")
            .dataContentType("text/plain")
            .data("hello")
            .build();
    Envelope broken = text.toBuilder().id("broken").dataContentType("application/json").build();
    transport.append("shop.order", List.of(text, broken)).get(10, TimeUnit.SECONDS);

    List<JsonNode> events = tail("--max", "2").lines().stream().map(PublishTailTest::json).toList();

    assertThat(events).extracting(e -> e.get("data_base64").asText()).containsOnly("aGVsbG8=");
    assertThat(events).allSatisfy(e -> assertThat(e.has("data")).isFalse());
    assertThat(events).allSatisfy(e -> assertThat(e.has("time")).isFalse());
  }

  @Test
  void tail_printsEventsPublishedWhileItFollows() throws Exception {
    CountDownLatch subscribed = new CountDownLatch(1);
    Transport watched =
        new SharedTransport(transport) {
          @Override
          public Subscription subscribe(
              String topic, String group, StartPosition start, RebalanceListener listener) {
            Subscription subscription = super.subscribe(topic, group, start, listener);
            subscribed.countDown();
            return subscription;
          }
        };
    Future<Cli.Result> tailing =
        background.submit(
            () ->
                Cli.run(
                    new HeraldCommand(uri -> watched),
                    "tail",
                    "--transport",
                    "memory:",
                    "--topic",
                    "shop.order",
                    "--max",
                    "1"));
    assertThat(subscribed.await(10, TimeUnit.SECONDS)).as("tail subscribed").isTrue();

    publish("a", "{\"late\":true}", "--id", "late");

    Cli.Result tailed = tailing.get(10, TimeUnit.SECONDS);
    assertThat(tailed.exitCode()).isZero();
    assertThat(ids(tailed)).containsExactly("late");
  }

  @Test
  void publish_transportFails_exits1WithTheReasonAndNoStackTrace() {
    Transport failing =
        new SharedTransport(transport) {
          @Override
          public CompletableFuture<List<Position>> append(String topic, List<Envelope> events) {
            return CompletableFuture.failedFuture(new HeraldException("disk full; free space"));
          }
        };
    String[] args = {
      "publish",
      "--transport",
      "memory:",
      "--topic",
      "t",
      "--type",
      "x.y",
      "--key",
      "k",
      "--data",
      "{}"
    };

    Cli.Result result = Cli.run(new HeraldCommand(uri -> failing), args);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .contains("herald publish: disk full; free space")
        .doesNotContain("\tat ");
    assertThat(result.out()).isEmpty();

    List<String> verbose = new ArrayList<>(List.of(args));
    verbose.add("--verbose");
    Cli.Result withTrace =
        Cli.run(new HeraldCommand(uri -> failing), verbose.toArray(String[]::new));
    assertThat(withTrace.exitCode()).isEqualTo(1);
    assertThat(withTrace.err()).contains("disk full").contains("\tat ");
  }
}
