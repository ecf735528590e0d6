package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bad input of {@code herald bench}; the bench itself is tested in herald-bench. */
class BenchCommandTest {
  private static void assertBadInput(Cli.Result result, String message) {
    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    assertThat(result.err()).contains(message).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void bench_unknownTarget_namesTheTargets() {
    Cli.Result result = Cli.run("bench", "rabbitmq");

    assertBadInput(
        result, "herald bench: TARGET: 'rabbitmq' is not a bench target; the targets are kafka");
  }

  @Test
  void bench_noTarget_saysItIsMissing() {
    assertBadInput(Cli.run("bench"), "Missing required parameter: 'TARGET'");
  }

  @Test
  void benchKafka_eventsZero_isBadInput() {
    assertBadInput(Cli.run("bench", "kafka", "--events", "0"), "--events: must be from 1");
  }

  @Test
  void benchKafka_sizeTooSmall_isBadInput() {
    assertBadInput(
        Cli.run("bench", "kafka", "--sizes", "100,50"),
        "--sizes: 50 bytes is out of range; each size must be from 100");
  }

  @Test
  void benchKafka_sizeNotANumber_isBadInput() {
    assertBadInput(Cli.run("bench", "kafka", "--sizes", "1k"), "--sizes");
  }

  @Test
  void benchKafka_badBootstrap_isBadInput() {
    assertBadInput(
        Cli.run("bench", "kafka", "--bootstrap", "kafka://localhost"),
        "--bootstrap: Kafka bootstrap servers 'kafka://localhost' must be HOST:PORT");
  }

  @Test
  void benchKafka_zeroRate_isBadInput() {
    assertBadInput(Cli.run("bench", "kafka", "--rate", "0"), "--rate: must be from 1");
  }

  @Test
  void benchKafka_unknownSide_namesTheSides() {
    assertBadInput(
        Cli.run("bench", "kafka", "--sides", "herald,raw,rabbit"),
        "'rabbit' is not a side; the sides are herald, raw, cloudevents");
  }

  @Test
  void benchKafka_withoutRaw_isBadInput() {
    assertBadInput(
        Cli.run("bench", "kafka", "--sides", "herald,cloudevents"),
        "the sides must include herald and raw");
  }

  @Test
  void bench_help_listsTheTargetsAndOptions() {
    Cli.Result result = Cli.run("bench", "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .startsWith("Usage: herald bench")
        .contains("kafka   Herald")
        .contains("--events=N")
        .contains("--rounds=R")
        .contains("--rate=EV_PER_S")
        .contains("--sizes=BYTES")
        .contains("--sides=SIDE")
        .contains("--bootstrap=HOST:PORT");
  }
}
