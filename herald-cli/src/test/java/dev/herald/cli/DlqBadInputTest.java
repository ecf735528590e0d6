package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.DeadLetterReason;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code herald dlq} rejects what it cannot use with exit code 2 and a message saying why. */
class DlqBadInputTest {
  private final Transport transport = Transports.memory();

  @AfterEach
  void closeTransport() {
    transport.close();
  }

  private Cli.Result dlq(String... args) {
    List<String> all = new ArrayList<>(List.of("dlq"));
    all.addAll(List.of(args));
    all.addAll(List.of("--transport", "memory:"));
    return Cli.run(transport, all.toArray(String[]::new));
  }

  @ParameterizedTest
  @ValueSource(strings = {"list", "show", "replay", "purge"})
  void missingGroup_exits2(String command) {
    Cli.Result result = dlq(command, "some-id");

    Cli.assertBadInput(result, "Missing required option: '--group=GROUP'");
    assertThat(result.err()).contains("Usage: herald dlq " + command);
  }

  @Test
  void invalidGroup_exits2() {
    Cli.assertBadInput(
        dlq("list", "--group", "no spaces"),
        "herald dlq list: --group: consumer group name 'no spaces' is invalid");
  }

  @Test
  void unknownReason_exits2ListingTheReasons() {
    Cli.assertBadInput(
        dlq("list", "--group", "billing", "--reason", "flaky"),
        "herald dlq list: --reason: dead-letter reason 'flaky' is unknown; use one of"
            + " [retries-exhausted, not-retryable, undecodable, unreadable, parked]");
  }

  @Test
  void badTime_exits2SayingWhatIsAccepted() {
    Cli.assertBadInput(
        dlq("list", "--group", "billing", "--since", "yesterday"),
        "--since: 'yesterday' is not a time; give an RFC 3339 instant such as"
            + " 2026-11-24T10:00:00Z, or a time back from now such as 10m, 2h, 2h ago or 7d");
    Cli.assertBadInput(
        dlq("purge", "--group", "billing", "--until", "2026-13-01T00:00:00Z"),
        "--until: '2026-13-01T00:00:00Z' is not a time");
  }

  @Test
  void untilNotAfterSince_exits2() {
    Cli.assertBadInput(
        dlq("list", "--group", "billing", "--since", "1h", "--until", "2h"), "--until: until");
    assertThat(dlq("list", "--group", "billing", "--since", "1h", "--until", "2h").err())
        .contains("swap them");
  }

  @Test
  void unknownId_exits2() {
    Cli.assertBadInput(
        dlq("show", "--group", "billing", "nope"),
        "herald dlq show: no dead letter nope in group billing; herald dlq list --group billing"
            + " --transport memory: shows them");
  }

  @ParameterizedTest
  @ValueSource(strings = {"replay", "purge"})
  void replayOrPurge_withoutIdOrFilter_exits2(String command) {
    Cli.assertBadInput(
        dlq(command, "--group", "billing"),
        "herald dlq "
            + command
            + ": ID: say which dead letters to "
            + command
            + ": an ID (herald dlq list --group billing --transport memory: shows them), filters"
            + " (--type, --reason, --since, --until or --key) or --all-pending for every pending"
            + " one");
  }

  @Test
  void replay_idAndFilter_exits2() {
    Cli.assertBadInput(
        dlq("replay", "--group", "billing", "some-id", "--type", "a.b"),
        "ID: give an ID or the filters (--type, --reason, --since, --until or --key), not both");
    Cli.assertBadInput(
        dlq("purge", "--group", "billing", "--all-pending", "--key", "k"),
        "--all-pending: selects every pending dead letter; give it or filters, not both");
  }

  @Test
  void replay_ofAnUnreadableRecord_exits2SayingToPurgeIt() {
    DeadLetterMaker.Made unreadable;
    try (DeadLetterMaker billing = new DeadLetterMaker(transport)) {
      unreadable = billing.unreadable("k-1", Instant.now());
    }

    Cli.assertBadInput(
        dlq("replay", "--group", "billing", unreadable.id()),
        "herald dlq replay: ID: dead letter "
            + unreadable.id()
            + " is a record the transport could not read (record is no CloudEvent: no"
            + " ce_specversion header); a replay would fail the same way, purge it instead");
    Cli.Result purged = dlq("purge", "--group", "billing", unreadable.id());
    assertThat(purged.exitCode()).as(purged.err()).isZero();
    assertThat(purged.out()).contains("unreadable", "purged 1 dead letters of group billing");
  }

  @Test
  void logDirectoryThatDoesNotExist_exits2AndIsNotCreated(@TempDir Path dir) {
    Path missing = dir.resolve("nowhere");

    Cli.Result result =
        Cli.run("dlq", "list", "--group", "billing", "--transport", "log:" + missing);

    Cli.assertBadInput(
        result,
        "herald dlq list: --transport: there is no log directory "
            + missing
            + "; give the one the service uses, such as --transport log:./herald-data");
    assertThat(missing).doesNotExist();
  }

  @Test
  void dlqWithoutSubcommand_exits2NamingThem() {
    Cli.Result result = Cli.run("dlq");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .contains("Missing command: list, show, replay or purge")
        .contains("Usage: herald dlq");
  }

  @Test
  void reasonHelp_namesEveryReason() {
    Cli.Result help = Cli.run("dlq", "list", "--help");

    assertThat(help.exitCode()).isZero();
    for (DeadLetterReason reason : DeadLetterReason.values()) {
      assertThat(help.out().replaceAll("\\s+", " ")).contains(reason.wireName());
    }
  }
}
