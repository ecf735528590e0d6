package dev.herald.cli;

import dev.herald.core.DeadLetter;
import dev.herald.core.DeadLetterFilter;
import dev.herald.core.DeadLetterReason;
import dev.herald.core.DeadLetters;
import picocli.CommandLine.Command;

/** {@code herald dlq replay}: sends dead letters back to their group. */
@Command(
    name = "replay",
    description = "Send dead letters back to their group, to be handled again.",
    footer = {
      "%nSelect one dead letter by ID, or every pending one that the filters match, or",
      "all pending ones with --all-pending. Only the group's own consumers handle a",
      "replayed event, once, after what came before it with its key (ordered-mode",
      "sequences go whole and in order). Prints what was replayed, then one line",
      "saying what was done; a dead letter replayed or purged before is left alone.",
      "%nExamples:",
      "  herald dlq replay --group billing 0193a0c2-7d41-7c1e-9f0a-3b2d4e5f6a7b",
      "  herald dlq replay --group billing --type shop.order.paid --since 1h"
    })
final class DlqReplayCommand extends DlqActionCommand {
  @Override
  String verb() {
    return "replay";
  }

  @Override
  void check(DeadLetter letter) {
    Inputs.require(
        letter.reason() != DeadLetterReason.UNREADABLE
            || letter.status() != DeadLetter.Status.PENDING,
        "ID",
        "dead letter "
            + letter.id()
            + " is a record the transport could not read ("
            + letter.error()
            + "); a replay would fail the same way, purge it instead");
  }

  @Override
  DeadLetters.Outcome act(DeadLetters letters, String id) {
    return letters.replay(id);
  }

  @Override
  DeadLetters.Outcome act(DeadLetters letters, DeadLetterFilter filter) {
    return letters.replay(filter);
  }
}
