package dev.herald.cli;

import java.time.Clock;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code herald dlq}: a consumer group's dead letters ({@link dev.herald.core.DeadLetters}) from
 * the terminal, on any transport a URI names or through a running gateway's admin API.
 */
@Command(
    name = "dlq",
    description = "List, show, replay and purge a consumer group's dead letters.",
    subcommands = {
      DlqListCommand.class,
      DlqShowCommand.class,
      DlqReplayCommand.class,
      DlqPurgeCommand.class
    },
    footer = {
      "%nA group's dead letters are the events its handlers gave up on, kept in the",
      "topic GROUP.dlq with why, where from and when. Replay sends them back to that",
      "group only (through their original topic, so the order per key holds); purge",
      "gives up on them. Both are recorded, so list leaves them out unless --all.",
      "%nTIME is an RFC 3339 instant such as 2026-11-24T10:00:00Z, or a time back from",
      "now such as 10m, 2h, 2h ago or 7d.",
      "%nA log: directory is owned by one process at a time: stop the service first,",
      "or use its Kafka transport, or work through a gateway on it with --url",
      "(its API token in --token or HERALD_TOKEN); the output is the same.",
      "%nExamples:",
      "  herald dlq list --group billing --transport log:./herald-data --since 1h",
      "  herald dlq show --group billing 0193a0c2-7d41-7c1e-9f0a-3b2d4e5f6a7b",
      "  herald dlq list --group billing --url http://127.0.0.1:8080 --json",
      "  herald dlq replay --group billing --reason retries-exhausted --since 2h",
      "  herald dlq purge --group billing --type shop.order.test"
    })
final class DlqCommand implements Runnable {
  @Mixin HelpOption help;
  @Spec CommandSpec spec;
  @ParentCommand HeraldCommand herald;

  /** Where relative times such as {@code --since 2h} count back from. */
  Clock clock = Clock.systemUTC();

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "Missing command: list, show, replay or purge");
  }

  /** Now, for relative times. */
  Instant now() {
    return clock.instant();
  }
}
