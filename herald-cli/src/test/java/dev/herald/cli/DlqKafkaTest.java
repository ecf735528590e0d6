package dev.herald.cli;

import static dev.herald.cli.DeadLetterMaker.GROUP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.cli.DeadLetterMaker.Made;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.kafka.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code herald dlq} against a real Kafka broker, through a kafka:// URI like any transport. */
class DlqKafkaTest {
  @TempDir Path dir;

  @Test
  void listReplayAndPurge_onKafka() {
    Instant now = Instant.now();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir)) {
      String uri = kafka.uri();
      Made issued;
      Made voided;
      try (Transport transport = Transports.open(uri);
          DeadLetterMaker billing = new DeadLetterMaker(transport)) {
        issued = billing.issued("i-1", now.minus(Duration.ofHours(3)));
        voided = billing.voided("i-2", now.minus(Duration.ofMinutes(30)));
      }

      Cli.Result listed = dlq(uri, "list");
      assertThat(listed.lines()).hasSize(4);
      assertThat(listed.lines().get(1))
          .startsWith(issued.id() + " ")
          .contains("retries-exhausted", "pending");
      assertThat(listed.lines().get(2))
          .startsWith(voided.id() + " ")
          .contains("not-retryable", "pending");

      assertThat(dlq(uri, "replay", "--reason", "retries-exhausted", "--until", "1h").out())
          .contains(issued.id())
          .contains("replayed 1 dead letters to group billing through " + DeadLetterMaker.TOPIC);
      assertThat(dlq(uri, "purge", voided.id()).out())
          .contains("purged 1 dead letters of group billing");

      Cli.Result all = dlq(uri, "list", "--all");
      assertThat(all.lines().get(1)).startsWith(issued.id() + " ").contains(" replayed ");
      assertThat(all.lines().get(2)).startsWith(voided.id() + " ").contains(" purged ");
      assertThat(all.lines())
          .last()
          .isEqualTo("2 dead letters shown; group billing has 0 pending, 1 replayed, 1 purged");
    }
  }

  private static Cli.Result dlq(String uri, String command, String... args) {
    List<String> all =
        new ArrayList<>(List.of("dlq", command, "--group", GROUP, "--transport", uri));
    all.addAll(List.of(args));
    Cli.Result result = Cli.run(all.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result;
  }
}
