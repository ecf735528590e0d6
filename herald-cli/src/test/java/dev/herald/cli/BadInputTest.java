package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BadInputTest {
  private final Transport transport = Transports.memory(1);

  @AfterEach
  void closeTransport() {
    transport.close();
  }

  /** Publishes with {@code extra} options plus a key and data unless {@code extra} has them. */
  private Cli.Result publish(String... extra) {
    List<String> args =
        new ArrayList<>(List.of("publish", "--transport", "memory:", "--type", "t.happened"));
    args.addAll(List.of(extra));
    if (!args.contains("--key")) {
      args.addAll(List.of("--key", "k"));
    }
    if (!args.contains("--data")) {
      args.addAll(List.of("--data", "{}"));
    }
    return Cli.run(transport, args.toArray(String[]::new));
  }

  @Test
  void publish_missingTopic_printsUsageAndExits2() {
    Cli.Result result = publish();

    Cli.assertBadInput(result, "Missing required option: '--topic=TOPIC'");
    assertThat(result.err()).contains("Usage: herald publish");
  }

  @Test
  void publish_dataNotJson_exits2AndStoresNothing() {
    Cli.Result result = publish("--topic", "orders", "--data", "{\"orderId\": o-1}");

    Cli.assertBadInput(result, "herald publish: --data is not valid JSON: Unrecognized token");
    assertThat(result.err()).contains("line 1, column").contains("Run 'herald publish --help'");
    Cli.Result tail =
        Cli.run(
            transport,
            "tail",
            "--transport",
            "memory:",
            "--topic",
            "orders",
            "--idle-timeout",
            "200ms");
    assertThat(tail.out()).isEmpty();
  }

  @Test
  void publish_dataWithTrailingGarbage_exits2() {
    Cli.assertBadInput(publish("--topic", "orders", "--data", "{} {}"), "--data is not valid JSON");
  }

  @Test
  void publish_emptyKey_exits2() {
    Cli.assertBadInput(publish("--topic", "orders", "--key", ""), "--key: must not be empty");
  }

  @Test
  void publish_controlCharacterInSubject_exits2() {
    Cli.assertBadInput(
        publish("--topic", "orders", "--subject", "a\u0007b"),
        "--subject: invalid envelope attribute 'subject': contains a control character");
  }

  @Test
  void publish_invalidTopicName_exits2() {
    Cli.assertBadInput(
        publish("--topic", "no spaces"), "--topic: topic name 'no spaces' is invalid");
  }

  @Test
  void publish_invalidSource_exits2() {
    Cli.assertBadInput(
        publish("--topic", "orders", "--source", "not a uri"),
        "--source: invalid envelope attribute 'source': 'not a uri'");
  }

  @Test
  void publish_unknownTransportScheme_exits2NamingTheKnownOnes() {
    Cli.Result result =
        Cli.run(
            "publish",
            "--transport",
            "nope:x",
            "--topic",
            "orders",
            "--type",
            "t.happened",
            "--key",
            "k",
            "--data",
            "{}");

    Cli.assertBadInput(result, "--transport: unknown transport scheme 'nope'");
    assertThat(result.err()).contains("memory:");
  }

  @Test
  void tail_fromNonsense_exits2() {
    Cli.Result result =
        Cli.run(
            transport, "tail", "--transport", "memory:", "--topic", "orders", "--from", "nonsense");

    Cli.assertBadInput(result, "herald tail: --from: start position 'nonsense' is not earliest");
  }

  @Test
  void tail_invalidMemoryUri_exits2() {
    Cli.Result result = Cli.run("tail", "--transport", "memory:?partitions=0", "--topic", "orders");

    Cli.assertBadInput(result, "--transport: memory transport URI 'memory:?partitions=0'");
  }

  @Test
  void tail_maxZero_exits2() {
    Cli.Result result =
        Cli.run(transport, "tail", "--transport", "memory:", "--topic", "orders", "--max", "0");

    Cli.assertBadInput(result, "--max: must be 1 or more");
  }

  @Test
  void tail_idleTimeoutNotADuration_printsUsageAndExits2() {
    Cli.Result result =
        Cli.run(
            transport,
            "tail",
            "--transport",
            "memory:",
            "--topic",
            "orders",
            "--idle-timeout",
            "soon");

    Cli.assertBadInput(result, "'soon' is not a duration");
    assertThat(result.err()).contains("Usage: herald tail");
  }

  @Test
  void demo_rateZero_exits2() {
    Cli.assertBadInput(Cli.run("demo", "--rate", "0"), "--rate: must be above 0");
  }
}
