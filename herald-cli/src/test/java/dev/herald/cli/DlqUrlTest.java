package dev.herald.cli;

import static dev.herald.cli.DeadLetterMaker.GROUP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.cli.DeadLetterMaker.Made;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import dev.herald.gateway.Gateway;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code herald dlq} with {@code --url}: real dead letters of a real service, read and acted on
 * through a real gateway's admin API, printed exactly as with {@code --transport}.
 */
class DlqUrlTest {
  private final Transport transport = Transports.memory(3);
  private final Instant now = Instant.now();
  private Gateway gateway;
  private String url;
  private Made issued;
  private Made voided;
  private Made unreadable;

  /**
   * Billing gave up on invoice i-1 three hours ago (retries-exhausted), refused to void i-2 half an
   * hour ago (not-retryable) and could not read a record ten minutes ago; then it stopped.
   */
  @BeforeEach
  void deadLetterThreeEvents() {
    try (DeadLetterMaker billing = new DeadLetterMaker(transport)) {
      issued = billing.issued("i-1", now.minus(Duration.ofHours(3)));
      voided = billing.voided("i-2", now.minus(Duration.ofMinutes(30)));
      unreadable = billing.unreadable("k-3", now.minus(Duration.ofMinutes(10)));
    }
    gateway = Gateway.builder(transport).start();
    url = gateway.uri().toString();
  }

  @AfterEach
  void stop() {
    gateway.close();
    transport.close();
  }

  private Cli.Result viaUrl(String command, String... args) {
    return run(command, List.of("--url", url), args);
  }

  private Cli.Result direct(String command, String... args) {
    return run(command, List.of("--transport", "memory:"), args);
  }

  private Cli.Result run(String command, List<String> where, String... args) {
    List<String> all = new ArrayList<>(List.of("dlq", command, "--group", GROUP));
    all.addAll(where);
    all.addAll(List.of(args));
    Cli.Result result = Cli.run(transport, all.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result;
  }

  @Test
  void list_viaUrl_printsWhatTheTransportPrints() {
    Cli.Result table = viaUrl("list");

    assertThat(table.out()).isEqualTo(direct("list").out());
    assertThat(table.lines()).hasSize(5);
    assertThat(table.lines().get(4))
        .isEqualTo("3 dead letters shown; group billing has 3 pending, 0 replayed, 0 purged");
    assertThat(table.err()).isEmpty();
    Cli.Result json = viaUrl("list", "--json");
    assertThat(json.out()).isEqualTo(direct("list", "--json").out());
    assertThat(json.err())
        .isEqualTo(table.lines().get(4) + System.lineSeparator())
        .as("the count line goes to stderr");
  }

  @Test
  void list_viaUrl_filtersAsTheTransportDoes() {
    for (String[] filter :
        List.of(
            new String[] {"--type", DeadLetterMaker.VOIDED},
            new String[] {"--reason", "not-retryable"},
            new String[] {"--key", "i-1"},
            new String[] {"--since", "1h"},
            new String[] {"--until", "2h ago"},
            new String[] {"--since", "4h", "--until", "20m"})) {
      assertThat(viaUrl("list", filter).out())
          .as(String.join(" ", filter))
          .isEqualTo(direct("list", filter).out());
    }
  }

  @Test
  void show_viaUrl_printsWhatTheTransportPrints() {
    Cli.Result shown = viaUrl("show", issued.id());

    assertThat(shown.out()).isEqualTo(direct("show", issued.id()).out());
    assertThat(shown.out())
        .contains("dead letter  " + issued.id())
        .contains("stored at    billing.dlq/")
        .contains("ledger closed for i-1");
    // An event id names its latest dead letter there too.
    assertThat(viaUrl("show", voided.eventId()).out()).isEqualTo(direct("show", voided.id()).out());
  }

  @Test
  void replayAndPurge_viaUrl_actAndSayWhatTheyDid() {
    Cli.Result replayed = viaUrl("replay", issued.id());

    assertThat(replayed.lines().get(0)).startsWith("ID ").doesNotContain("STATUS");
    assertThat(replayed.lines().get(1)).startsWith(issued.id() + " ");
    assertThat(replayed.lines().get(2))
        .isEqualTo("replayed 1 dead letters to group billing through " + DeadLetterMaker.TOPIC);

    Cli.Result purged = viaUrl("purge", "--type", DeadLetterMaker.VOIDED, "--since", "1h");

    assertThat(purged.lines().get(1)).startsWith(voided.id() + " ");
    assertThat(purged.lines().get(2)).isEqualTo("purged 1 dead letters of group billing");
    Cli.Result all = viaUrl("list", "--all");
    assertThat(all.out()).isEqualTo(direct("list", "--all").out());
    assertThat(all.lines().get(4))
        .isEqualTo("3 dead letters shown; group billing has 1 pending, 1 replayed, 1 purged");
    assertThat(viaUrl("list").lines().get(1)).startsWith(unreadable.id() + " ");
  }

  @Test
  void replay_viaUrl_unknownIdOrUnreadableRecord_exits2AsWithTheTransport() {
    Cli.Result unknown =
        Cli.run(transport, "dlq", "replay", "--group", GROUP, "--url", url, "nope");
    Cli.assertBadInput(
        unknown,
        "no dead letter nope in group billing; herald dlq list --group billing --url "
            + url
            + " shows them");

    Cli.Result record =
        Cli.run(transport, "dlq", "replay", "--group", GROUP, "--url", url, unreadable.id());
    Cli.assertBadInput(record, "a replay would fail the same way, purge it instead");
  }
}
