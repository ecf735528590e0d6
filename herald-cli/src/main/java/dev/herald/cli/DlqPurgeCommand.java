package dev.herald.cli;

import dev.herald.core.DeadLetterFilter;
import dev.herald.core.DeadLetters;
import picocli.CommandLine.Command;

/** {@code herald dlq purge}: gives up on dead letters. */
@Command(
    name = "purge",
    description = "Give up on dead letters: they leave the list and are never handled.",
    footer = {
      "%nSelect one dead letter by ID, or every pending one that the filters match, or",
      "all pending ones with --all-pending. The topic keeps them ('list --all' shows",
      "them as purged); in ordered mode their key's sequence goes whole and the key",
      "is released. Prints what was purged, then one line saying what was done.",
      "%nExamples:",
      "  herald dlq purge --group billing 0193a0c2-7d41-7c1e-9f0a-3b2d4e5f6a7b",
      "  herald dlq purge --group billing --reason undecodable --until 7d"
    })
final class DlqPurgeCommand extends DlqActionCommand {
  @Override
  String verb() {
    return "purge";
  }

  @Override
  DeadLetters.Outcome act(DeadLetters letters, String id) {
    return letters.purge(id);
  }

  @Override
  DeadLetters.Outcome act(DeadLetters letters, DeadLetterFilter filter) {
    return letters.purge(filter);
  }
}
