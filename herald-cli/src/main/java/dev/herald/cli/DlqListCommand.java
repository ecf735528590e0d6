package dev.herald.cli;

import dev.herald.core.DeadLetter;
import dev.herald.core.DeadLetterFilter;
import dev.herald.core.DeadLetters;
import dev.herald.core.spi.Transport;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code herald dlq list}: a group's dead letters as a table or as CloudEvents JSON lines. */
@Command(
    name = "list",
    description = "List a group's pending dead letters, oldest first.",
    footer = {
      "%nOne row per dead letter: its id (for show, replay and purge), when it was",
      "dead-lettered, why, the event's type and key, where the event was read",
      "(topic/partition@offset), how often the handler ran, whether it is pending,",
      "replayed or purged, and the start of the error. A last line counts them.",
      "%nWith --json: one CloudEvents JSON line per dead letter, the event as",
      "'herald tail' prints it (heraldtopic, heraldpartition and heraldoffset are",
      "where it was first read) plus dlqid, dlqstatus, dlqgroup, dlqreason, dlqerror,",
      "dlqattempts, dlqhandler, dlqtime and, in ordered mode, dlqhead. The count",
      "line goes to stderr then.",
      "%nExample:",
      "  herald dlq list --group billing --reason not-retryable --since 2h"
    })
final class DlqListCommand implements Runnable {
  @Mixin HelpOption help;
  @Spec CommandSpec spec;
  @ParentCommand DlqCommand dlq;

  @Mixin DlqOptions target;
  @Mixin DlqFilterOptions filters;

  @Option(names = "--all", description = "Replayed and purged dead letters too.")
  boolean all;

  @Option(names = "--json", description = "CloudEvents JSON lines instead of a table.")
  boolean json;

  @Override
  public void run() {
    String group = target.group();
    DeadLetterFilter filter = filters.filter(dlq.now());
    DeadLetterFilter selected = all ? filter.withResolved() : filter;
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // Everything once, so that the count line can say what the filter left out.
    List<DeadLetter> every;
    Optional<GatewayDeadLetters> gateway = target.gateway();
    if (gateway.isPresent()) {
      try (GatewayDeadLetters letters = gateway.get()) {
        every = letters.every();
      }
    } else {
      try (Transport opened = target.open(dlq.herald, err)) {
        every = DeadLetters.of(opened, group).list(DeadLetterFilter.all().withResolved());
      }
    }
    List<DeadLetter> shown = every.stream().filter(selected::test).toList();
    if (json) {
      shown.forEach(l -> out.println(CloudEventJson.line(DeadLetterText.json(l))));
      out.flush();
      err.println(summary(group, shown, every));
      err.flush();
    } else {
      if (!shown.isEmpty()) {
        DeadLetterText.table(out, shown, true);
      }
      out.println(summary(group, shown, every));
      out.flush();
    }
  }

  /** Such as "2 dead letters shown; group billing has 2 pending, 1 replayed, 0 purged". */
  static String summary(String group, List<DeadLetter> shown, List<DeadLetter> every) {
    if (every.isEmpty()) {
      return "group " + group + " has no dead letters (topic " + DeadLetters.topic(group) + ")";
    }
    return shown.size()
        + (shown.size() == 1 ? " dead letter" : " dead letters")
        + " shown; group "
        + group
        + " has "
        + count(every, DeadLetter.Status.PENDING)
        + " pending, "
        + count(every, DeadLetter.Status.REPLAYED)
        + " replayed, "
        + count(every, DeadLetter.Status.PURGED)
        + " purged";
  }

  private static long count(List<DeadLetter> letters, DeadLetter.Status status) {
    return letters.stream().filter(l -> l.status() == status).count();
  }
}
