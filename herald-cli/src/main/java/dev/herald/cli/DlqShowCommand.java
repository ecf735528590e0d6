package dev.herald.cli;

import dev.herald.core.DeadLetter;
import dev.herald.core.DeadLetters;
import dev.herald.core.spi.Transport;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code herald dlq show}: everything about one dead letter. */
@Command(
    name = "show",
    description = "Show one dead letter: what happened, the whole error and the event.",
    footer = {
      "%nPrints the dead letter's facts one per line, then the event as indented",
      "CloudEvents JSON (heraldtopic, heraldpartition and heraldoffset are where it",
      "was first read).",
      "%nExample:",
      "  herald dlq show --group billing 0193a0c2-7d41-7c1e-9f0a-3b2d4e5f6a7b"
    })
final class DlqShowCommand implements Runnable {
  @Mixin HelpOption help;
  @Spec CommandSpec spec;
  @ParentCommand DlqCommand dlq;

  @Mixin DlqOptions target;

  @Parameters(
      index = "0",
      paramLabel = "ID",
      description = "The dead letter's id, or an event id (then its latest dead letter).")
  String id;

  @Override
  public void run() {
    String group = target.group();
    PrintWriter out = spec.commandLine().getOut();
    Optional<DeadLetter> found;
    Optional<GatewayDeadLetters> gateway = target.gateway();
    if (gateway.isPresent()) {
      try (GatewayDeadLetters letters = gateway.get()) {
        found = letters.show(id);
      }
    } else {
      try (Transport opened = target.open(dlq.herald, spec.commandLine().getErr())) {
        found = DeadLetters.of(opened, group).show(id);
      }
    }
    DeadLetter letter = found.orElseThrow(() -> target.unknown(id));
    DeadLetterText.detail(out, letter);
    out.flush();
  }
}
