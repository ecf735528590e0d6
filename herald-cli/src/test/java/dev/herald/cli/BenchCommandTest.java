package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bad input of {@code herald bench}; the bench itself is tested in herald-bench. */
class BenchCommandTest {
  @Test
  void bench_unknownTarget_namesTheTargets() {
    Cli.Result result = Cli.run("bench", "rabbitmq");

    Cli.assertBadInput(
        result,
        "herald bench: TARGET: 'rabbitmq' is not a bench target; the targets are kafka, log");
  }

  @Test
  void bench_noTarget_saysItIsMissing() {
    Cli.assertBadInput(Cli.run("bench"), "Missing required parameter: 'TARGET'");
  }

  @Test
  void benchKafka_eventsZero_isBadInput() {
    Cli.assertBadInput(Cli.run("bench", "kafka", "--events", "0"), "--events: must be from 1");
  }

  @Test
  void benchKafka_sizeTooSmall_isBadInput() {
    Cli.assertBadInput(
        Cli.run("bench", "kafka", "--sizes", "100,50"),
        "--sizes: 50 bytes is out of range; each size must be from 100");
  }

  @Test
  void benchKafka_sizeNotANumber_isBadInput() {
    Cli.assertBadInput(Cli.run("bench", "kafka", "--sizes", "1k"), "--sizes");
  }

  @Test
  void benchKafka_badBootstrap_isBadInput() {
    Cli.assertBadInput(
        Cli.run("bench", "kafka", "--bootstrap", "kafka://localhost"),
        "--bootstrap: Kafka bootstrap servers 'kafka://localhost' must be HOST:PORT");
  }

  @Test
  void benchKafka_zeroRate_isBadInput() {
    Cli.assertBadInput(Cli.run("bench", "kafka", "--rate", "0"), "--rate: must be from 1");
  }

  @Test
  void benchKafka_unknownSide_namesTheSides() {
    Cli.assertBadInput(
        Cli.run("bench", "kafka", "--sides", "herald,raw,rabbit"),
        "'rabbit' is not a side; the sides are herald, raw, cloudevents");
  }

  @Test
  void benchKafka_withoutRaw_isBadInput() {
    Cli.assertBadInput(
        Cli.run("bench", "kafka", "--sides", "herald,cloudevents"),
        "the sides must include herald and raw");
  }

  @Test
  void benchKafka_publishers_isForTheLogOnly() {
    Cli.assertBadInput(
        Cli.run("bench", "kafka", "--publishers", "8"), "--publishers: is for the log target only");
  }

  @Test
  void benchLog_unknownSide_namesTheSides() {
    Cli.assertBadInput(
        Cli.run("bench", "log", "--sides", "log-never,log-sometimes"), "log-sometimes");
  }

  @Test
  void benchLog_zeroPublishers_isBadInput() {
    Cli.assertBadInput(
        Cli.run("bench", "log", "--publishers", "0"), "--publishers: must be from 1 to");
  }

  @Test
  void bench_help_listsTheTargetsAndOptions() {
    Cli.Result result = Cli.run("bench", "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .startsWith("Usage: herald bench")
        .contains("kafka  Herald")
        .contains("log    Herald on the embedded log")
        .contains("--publishers=N")
        .contains("--directory=DIR")
        .contains("--events=N")
        .contains("--rounds=R")
        .contains("--rate=EV_PER_S")
        .contains("--sizes=BYTES")
        .contains("--sides=SIDE")
        .contains("--bootstrap=HOST:PORT");
  }
}
