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
        "herald bench: TARGET: 'rabbitmq' is not a bench target; the targets are kafka, log,"
            + " eventstore, gateway");
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
        Cli.run("bench", "kafka", "--publishers", "8"),
        "--publishers: is for the log and gateway targets only");
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
  void benchEventstore_events_isForKafkaAndLogOnly() {
    Cli.assertBadInput(
        Cli.run("bench", "eventstore", "--events", "1000"),
        "--events: is for the kafka and log targets only");
  }

  @Test
  void benchEventstore_sizes_isForKafkaAndLogOnly() {
    Cli.assertBadInput(
        Cli.run("bench", "eventstore", "--sizes", "100"),
        "--sizes: is for the kafka and log targets only");
  }

  @Test
  void benchLog_duration_isForTheEventstoreOnly() {
    Cli.assertBadInput(
        Cli.run("bench", "log", "--duration", "1s"),
        "--duration: is for the eventstore and gateway targets only");
  }

  @Test
  void benchKafka_pgUrl_isForTheEventstoreOnly() {
    Cli.assertBadInput(
        Cli.run("bench", "kafka", "--pg-url", "jdbc:postgresql://localhost/x"),
        "--pg-url: is for the eventstore target only");
  }

  @Test
  void benchEventstore_unknownSide_namesTheSides() {
    Cli.assertBadInput(
        Cli.run("bench", "eventstore", "--sides", "embedded-never,mysql"),
        "'mysql' is not a side; the sides are embedded-never, embedded-always, postgres, jdbc");
  }

  @Test
  void benchEventstore_notAJdbcUrl_isBadInput() {
    Cli.assertBadInput(
        Cli.run("bench", "eventstore", "--pg-url", "postgres://localhost/x"),
        "the PostgreSQL URL must be a JDBC URL starting with jdbc:postgresql:");
  }

  @Test
  void benchEventstore_pgUrlWithoutAPostgresSide_isBadInput() {
    Cli.assertBadInput(
        Cli.run(
            "bench",
            "eventstore",
            "--sides",
            "embedded-never",
            "--pg-url",
            "jdbc:postgresql://localhost/x"),
        "neither the postgres nor the jdbc side runs");
  }

  @Test
  void benchEventstore_durationTooShort_isBadInput() {
    Cli.assertBadInput(
        Cli.run("bench", "eventstore", "--duration", "10ms"),
        "the duration of a measurement must be from 100 ms to 1 hour");
  }

  @Test
  void benchKafka_severalRates_isBadInput() {
    Cli.assertBadInput(
        Cli.run("bench", "kafka", "--rate", "1000,2000"),
        "--rate: takes one rate for the kafka target");
  }

  @Test
  void benchLog_clients_isForTheGatewayOnly() {
    Cli.assertBadInput(
        Cli.run("bench", "log", "--clients", "1000"), "--clients: is for the gateway target only");
  }

  @Test
  void benchEventstore_directoryElsewhere_namesEveryTargetThatTakesIt() {
    Cli.assertBadInput(
        Cli.run("bench", "kafka", "--directory", "/tmp"),
        "--directory: is for the log, eventstore and gateway targets only");
  }

  @Test
  void benchGateway_zeroClients_namesWhatIsAccepted() {
    Cli.assertBadInput(
        Cli.run("bench", "gateway", "--clients", "1000,0"),
        "client count 0 must be from 1 to 50000 SSE clients");
  }

  @Test
  void benchGateway_sameRateTwice_isBadInput() {
    Cli.assertBadInput(
        Cli.run("bench", "gateway", "--quick", "--rate", "1,1"), "give each rate once: [1, 1]");
  }

  @Test
  void benchGateway_unknownTransport_namesTheTransports() {
    Cli.assertBadInput(
        Cli.run("bench", "gateway", "--transport", "kafka"),
        "'kafka' is not a transport; the transports are log-never, log-always, memory");
  }

  @Test
  void benchGateway_directoryWithTheMemoryTransport_isBadInput() {
    Cli.assertBadInput(
        Cli.run("bench", "gateway", "--transport", "memory", "--directory", "/tmp"),
        "a directory is given but the transport is memory");
  }

  @Test
  void benchGateway_tooManyPublishers_isBadInput() {
    Cli.assertBadInput(
        Cli.run("bench", "gateway", "--publishers", "1001"),
        "--publishers: must be from 1 to 1000");
  }

  @Test
  void benchGateway_fanoutDurationTooShort_isBadInput() {
    Cli.assertBadInput(
        Cli.run("bench", "gateway", "--fanout-duration", "500ms"),
        "the duration of a fan-out measurement must be from 1 s to 1 hour");
  }

  @Test
  void benchKafka_quick_isForTheGatewayOnly() {
    Cli.assertBadInput(
        Cli.run("bench", "kafka", "--quick"), "--quick: is for the gateway target only");
  }

  @Test
  void bench_help_listsTheTargetsAndOptions() {
    Cli.Result result = Cli.run("bench", "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .startsWith("Usage: herald bench")
        .contains("kafka  Herald")
        .contains("log    Herald on the embedded log")
        .contains("eventstore")
        .contains("gateway")
        .contains("--clients=N")
        .contains("--fanout-duration=DURATION")
        .contains("--transport=KIND")
        .contains("--batch=EVENTS")
        .contains("--quick")
        .contains("--duration=DURATION")
        .contains("--pg-url=URL")
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
