package dev.herald.cli;

import dev.herald.core.DeadLetter;
import dev.herald.core.DeadLetterFilter;
import dev.herald.core.DeadLetters;
import dev.herald.core.spi.Transport;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What {@code herald dlq replay} and {@code purge} share: select dead letters by id or by filter,
 * act on them, print what was done.
 */
abstract class DlqActionCommand implements Runnable {
  @Mixin HelpOption help;
  @Spec CommandSpec spec;
  @ParentCommand DlqCommand dlq;

  @Mixin DlqOptions target;
  @Mixin DlqFilterOptions filters;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "ID",
      description = "One dead letter's id, or an event id (then its latest dead letter).")
  Optional<String> id;

  @Option(
      names = "--all-pending",
      description = "Every pending dead letter of the group, when no ID or filter is given.")
  boolean allPending;

  /** The verb, such as {@code replay}, for messages. */
  abstract String verb();

  /** Acts on the dead letter {@code id}, which exists. */
  abstract DeadLetters.Outcome act(DeadLetters letters, String id);

  /** Acts on the pending dead letters {@code filter} selects. */
  abstract DeadLetters.Outcome act(DeadLetters letters, DeadLetterFilter filter);

  /** Rejects, as bad input, a dead letter this command cannot act on; accepts any by default. */
  void check(DeadLetter letter) {}

  @Override
  public void run() {
    String group = target.group();
    boolean byFilter = filters.any() || allPending;
    Inputs.require(
        id.isEmpty() || !byFilter,
        "ID",
        "give an ID or the filters (" + DlqFilterOptions.NAMES + "), not both");
    Inputs.require(
        id.isPresent() || byFilter,
        "ID",
        "say which dead letters to "
            + verb()
            + ": an ID ("
            + target.listCommand()
            + " shows them), filters ("
            + DlqFilterOptions.NAMES
            + ") or --all-pending for every pending one");
    Inputs.require(
        !(allPending && filters.any()),
        "--all-pending",
        "selects every pending dead letter; give it or filters, not both");
    DeadLetterFilter filter = filters.filter(dlq.now());
    DeadLetters.Outcome outcome;
    Optional<GatewayDeadLetters> gateway = target.gateway();
    if (gateway.isPresent()) {
      try (GatewayDeadLetters letters = gateway.get()) {
        outcome = act(letters);
      }
    } else {
      try (Transport opened = target.open(dlq.herald, spec.commandLine().getErr())) {
        DeadLetters letters = DeadLetters.of(opened, group);
        if (id.isPresent()) {
          String selected = id.get();
          check(letters.show(selected).orElseThrow(() -> target.unknown(selected)));
          outcome = act(letters, selected);
        } else {
          outcome = act(letters, filter);
        }
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (!outcome.deadLetters().isEmpty()) {
      DeadLetterText.table(out, outcome.deadLetters(), false);
    }
    out.println(outcome.message());
    out.flush();
  }

  /** Acts through the gateway's admin API, checking a dead letter named by id as above. */
  private DeadLetters.Outcome act(GatewayDeadLetters letters) {
    if (id.isPresent()) {
      String selected = id.get();
      check(letters.show(selected).orElseThrow(() -> target.unknown(selected)));
      return letters.act(verb(), GatewayDeadLetters.ids(selected));
    }
    return letters.act(verb(), filters.selection(dlq.now()));
  }
}
