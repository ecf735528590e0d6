package dev.herald.cli;

import static dev.herald.cli.DeadLetterMaker.GROUP;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.cli.DeadLetterMaker.InvoiceIssued;
import dev.herald.cli.DeadLetterMaker.Made;
import dev.herald.core.EventBus;
import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code herald dlq} on a log directory that a real service dead-lettered events into. */
class DlqCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private String uri;
  private final Instant now = Instant.now();
  private Made issued;
  private Made voided;

  /**
   * Billing gave up on invoice i-1 three hours ago (retries-exhausted) and refused to void i-2 half
   * an hour ago (not-retryable); then it stopped, leaving the log directory to the CLI.
   */
  @BeforeEach
  void deadLetterTwoEvents() {
    uri = "log:" + dir.resolve("data");
    try (Transport log = Transports.open(uri);
        DeadLetterMaker billing = new DeadLetterMaker(log)) {
      issued = billing.issued("i-1", now.minus(Duration.ofHours(3)));
      voided = billing.voided("i-2", now.minus(Duration.ofMinutes(30)));
    }
  }

  private Cli.Result dlq(String command, String... args) {
    List<String> all =
        new ArrayList<>(List.of("dlq", command, "--group", GROUP, "--transport", uri));
    all.addAll(List.of(args));
    Cli.Result result = Cli.run(all.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result;
  }

  /** The dead-letter ids in a table's rows, in order. */
  private static List<String> ids(Cli.Result table) {
    List<String> lines = table.lines();
    return lines.subList(1, Math.max(1, lines.size() - 1)).stream()
        .map(line -> line.substring(0, line.indexOf(' ')))
        .toList();
  }

  private static JsonNode json(String line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void list_showsEachPendingDeadLetterWithWhyAndWhereFrom() {
    Cli.Result result = dlq("list");

    assertThat(result.lines()).hasSize(4);
    assertThat(result.lines().get(0))
        .containsSubsequence(
            "ID", "TIME", "REASON", "TYPE", "KEY", "ORIGINAL", "ATTEMPTS", "STATUS", "ERROR");
    assertThat(result.lines().get(1))
        .startsWith(issued.id() + " ")
        .containsSubsequence(
            issued.time().truncatedTo(ChronoUnit.SECONDS).toString(),
            "retries-exhausted",
            DeadLetterMaker.ISSUED,
            "i-1",
            DeadLetterMaker.TOPIC + "/",
            "1",
            "pending",
            "IllegalStateException: ledger closed for i-1");
    assertThat(result.lines().get(2))
        .startsWith(voided.id() + " ")
        .containsSubsequence(
            "not-retryable",
            DeadLetterMaker.VOIDED,
            "i-2",
            "pending",
            "IllegalArgumentException: cannot void i-2");
    assertThat(result.lines().get(3))
        .isEqualTo("2 dead letters shown; group billing has 2 pending, 0 replayed, 0 purged");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void list_filtersByTypeReasonKeyAndTime() {
    assertThat(ids(dlq("list", "--type", DeadLetterMaker.VOIDED))).containsExactly(voided.id());
    assertThat(ids(dlq("list", "--reason", "retries-exhausted"))).containsExactly(issued.id());
    assertThat(ids(dlq("list", "--reason", "NOT_RETRYABLE"))).containsExactly(voided.id());
    assertThat(ids(dlq("list", "--key", "i-1"))).containsExactly(issued.id());
    assertThat(ids(dlq("list", "--since", "1h"))).containsExactly(voided.id());
    assertThat(ids(dlq("list", "--until", "2h ago"))).containsExactly(issued.id());
    assertThat(ids(dlq("list", "--since", voided.time().toString()))).containsExactly(voided.id());
    assertThat(ids(dlq("list", "--until", voided.time().toString()))).containsExactly(issued.id());
    assertThat(ids(dlq("list", "--since", "4h", "--until", "1h"))).containsExactly(issued.id());

    Cli.Result none = dlq("list", "--type", DeadLetterMaker.VOIDED, "--reason", "parked");
    assertThat(none.lines())
        .containsExactly("0 dead letters shown; group billing has 2 pending, 0 replayed, 0 purged");
  }

  @Test
  void listJson_printsEachAsACloudEventWithItsDeadLetterFacts() {
    Cli.Result result = dlq("list", "--json", "--reason", "not-retryable");

    assertThat(result.lines()).hasSize(1);
    JsonNode event = json(result.lines().get(0));
    assertThat(event.get("specversion").asText()).isEqualTo("1.0");
    assertThat(event.get("id").asText()).isEqualTo(voided.eventId());
    assertThat(event.get("type").asText()).isEqualTo(DeadLetterMaker.VOIDED);
    assertThat(event.get("partitionkey").asText()).isEqualTo("i-2");
    assertThat(event.get("data").get("invoiceId").asText()).isEqualTo("i-2");
    assertThat(event.get("heraldtopic").asText()).isEqualTo(DeadLetterMaker.TOPIC);
    assertThat(event.get("dlqid").asText()).isEqualTo(voided.id());
    assertThat(event.get("dlqstatus").asText()).isEqualTo("pending");
    assertThat(event.get("dlqgroup").asText()).isEqualTo(GROUP);
    assertThat(event.get("dlqreason").asText()).isEqualTo("not-retryable");
    assertThat(event.get("dlqerror").asText())
        .isEqualTo("java.lang.IllegalArgumentException: cannot void i-2");
    assertThat(event.get("dlqattempts").asInt()).isEqualTo(1);
    assertThat(event.get("dlqhandler").asText()).isEqualTo("void-invoice");
    assertThat(Instant.parse(event.get("dlqtime").asText())).isEqualTo(voided.time());
    assertThat(result.err())
        .isEqualTo(
            "1 dead letter shown; group billing has 2 pending, 0 replayed, 0 purged"
                + System.lineSeparator());
  }

  @Test
  void show_printsTheFactsTheWholeErrorAndTheEvent() {
    Cli.Result byId = dlq("show", issued.id());

    assertThat(byId.out())
        .contains("dead letter  " + issued.id())
        .contains("status       pending")
        .contains("group        billing")
        .contains("reason       retries-exhausted")
        .contains("handler      bill-invoice")
        .contains("attempts     1")
        .contains("time         " + issued.time())
        .contains("original     " + DeadLetterMaker.TOPIC + "/")
        .contains("stored at    billing.dlq/")
        .contains("event        " + issued.eventId() + " (" + DeadLetterMaker.ISSUED + ")")
        .contains("key          i-1")
        .contains(
            "error        gave up after 1 attempts: java.lang.IllegalStateException: ledger closed"
                + " for i-1");
    String eventJson = byId.out().substring(byId.out().indexOf('{'));
    JsonNode event = json(eventJson);
    assertThat(event.get("id").asText()).isEqualTo(issued.eventId());
    assertThat(event.get("data").get("amount").asInt()).isEqualTo(100);
    // The event's own id finds the same dead letter.
    assertThat(dlq("show", issued.eventId()).out()).isEqualTo(byId.out());
  }

  @Test
  void replayById_isHandledOnceByTheGroupsNextRun_andASecondReplaySendsNothing() throws Exception {
    Cli.Result replayed = dlq("replay", issued.id());

    assertThat(replayed.lines()).hasSize(3);
    assertThat(replayed.lines().get(1)).startsWith(issued.id() + " ").contains("retries-exhausted");
    assertThat(replayed.lines().get(2))
        .isEqualTo("replayed 1 dead letters to group billing through " + DeadLetterMaker.TOPIC);

    BlockingQueue<String> handled = new LinkedBlockingQueue<>();
    try (Transport log = Transports.open(uri);
        EventBus billing = EventBus.builder(GROUP).transport(log).build();
        EventBus invoicing = EventBus.builder("invoicing").transport(log).build()) {
      billing.on(InvoiceIssued.class, (event, context) -> handled.add(context.envelope().id()));
      billing.start();
      assertThat(handled.poll(60, TimeUnit.SECONDS)).isEqualTo(issued.eventId());
      // The next event with the key comes after the replay; once it is handled, the replay was
      // handled exactly once.
      invoicing.publish(new InvoiceIssued("i-1", 7));
      String next = handled.poll(60, TimeUnit.SECONDS);
      assertThat(next).isNotNull().isNotEqualTo(issued.eventId());
      assertThat(handled).isEmpty();
    }

    Cli.Result again = dlq("replay", issued.id());
    assertThat(again.lines())
        .containsExactly(
            "dead letter "
                + issued.id()
                + " (event "
                + issued.eventId()
                + ") was already replayed; nothing was sent");
    assertThat(ids(dlq("list"))).containsExactly(voided.id());
    assertThat(dlq("list", "--all", "--key", "i-1").lines().get(1)).contains("replayed");
  }

  @Test
  void purgeById_removesItFromTheList_butListAllShowsItPurged() {
    Cli.Result purged = dlq("purge", voided.id());

    assertThat(purged.lines()).hasSize(3);
    assertThat(purged.lines().get(1)).startsWith(voided.id() + " ");
    assertThat(purged.lines().get(2)).isEqualTo("purged 1 dead letters of group billing");
    assertThat(ids(dlq("list"))).containsExactly(issued.id());
    Cli.Result all = dlq("list", "--all");
    assertThat(ids(all)).containsExactly(issued.id(), voided.id());
    assertThat(all.lines().get(2)).contains(" purged ");
    assertThat(all.lines().get(3))
        .isEqualTo("2 dead letters shown; group billing has 1 pending, 0 replayed, 1 purged");
    assertThat(dlq("show", voided.id()).out()).contains("status       purged");
    assertThat(dlq("purge", voided.id()).out()).contains("was already purged; nothing was purged");
  }

  @Test
  void replayAndPurgeByFilter_actOnWhatTheFiltersSelect() {
    Cli.Result replayed = dlq("replay", "--reason", "not-retryable", "--since", "1h");

    assertThat(ids(replayed)).containsExactly(voided.id());
    assertThat(ids(dlq("list"))).containsExactly(issued.id());

    Cli.Result purged = dlq("purge", "--all-pending");
    assertThat(ids(purged)).containsExactly(issued.id());
    assertThat(purged.lines()).last().isEqualTo("purged 1 dead letters of group billing");
    assertThat(dlq("list").lines())
        .containsExactly("0 dead letters shown; group billing has 0 pending, 1 replayed, 1 purged");
    assertThat(dlq("replay", "--all-pending").lines())
        .containsExactly("no pending dead letters of billing to replay");
  }

  @Test
  void unknownId_exits2SayingHowToListThem() {
    for (String command : List.of("show", "replay", "purge")) {
      Cli.Result result =
          Cli.run("dlq", command, "--group", GROUP, "--transport", uri, "no-such-id");

      Cli.assertBadInput(
          result,
          "herald dlq "
              + command
              + ": no dead letter no-such-id in group billing; herald dlq list --group billing"
              + " --transport "
              + uri
              + " shows them");
    }
    assertThat(ids(dlq("list"))).containsExactly(issued.id(), voided.id());
  }

  @Test
  void group_withoutDeadLetters_saysSo() {
    assertThat(Cli.run("dlq", "list", "--group", "shipping", "--transport", uri).lines())
        .containsExactly("group shipping has no dead letters (topic shipping.dlq)");
  }
}
