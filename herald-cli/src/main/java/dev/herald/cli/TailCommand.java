package dev.herald.cli;

import dev.herald.core.StartPosition;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code herald tail}: follows a topic and prints each event as one CloudEvents JSON line. */
@Command(
    name = "tail",
    description = "Follow a topic and print each event as one CloudEvents JSON line.",
    footer = {
      "%nOutput: one CloudEvents JSON object per line: specversion, id, source, type,",
      "time, subject, datacontenttype, dataschema, each extension (correlationid,",
      "causationid, partitionkey, ...) as a top-level attribute, and data: as JSON",
      "when the content type is JSON and the data parses, else as data_base64.",
      "Where the event was read is added as heraldtopic, heraldpartition and",
      "heraldoffset.",
      "%nWithout --group, tail reads with a throwaway group and commits nothing.",
      "With --group it resumes after the group's last commit (--from applies only",
      "to partitions the group has never committed) and commits what it printed.",
      "%nFollows until Ctrl-C, unless --max or --idle-timeout ends it (exit code 0).",
      "%nWith --url it follows the topic through a running gateway (Server-Sent",
      "Events) and prints the same lines. There --from also takes a position of the",
      "stream, such as 0:12,1:7, which a stopped tail notes on stderr to resume",
      "right after what it printed; with --group, --from is earliest or latest and",
      "the gateway commits what it sent, which can be a few events past --max.",
      "%nExamples:",
      "  herald tail --transport log:./herald-data --topic shop.order --max 10",
      "  herald tail --url http://127.0.0.1:8080 --topic shop.order --from latest"
    })
final class TailCommand implements Callable<Integer> {
  @Mixin HelpOption help;
  @Spec CommandSpec spec;
  @ParentCommand HeraldCommand herald;

  @Mixin TopicOptions target;

  @Option(
      names = "--group",
      paramLabel = "GROUP",
      description = "Read as this consumer group and commit what was printed.")
  Optional<String> group;

  @Option(
      names = "--from",
      defaultValue = "earliest",
      paramLabel = "POSITION",
      description =
          "Where to start without a commit: earliest, latest or an offset (default:"
              + " ${DEFAULT-VALUE}); with --url also a position such as 0:12,1:7.")
  String from;

  @Option(names = "--max", paramLabel = "N", description = "Exit after printing N events.")
  Optional<Long> max;

  @Option(
      names = "--idle-timeout",
      paramLabel = "DURATION",
      converter = DurationConverter.class,
      description = "Exit when nothing arrives for this long, such as 500ms, 10s or 5m.")
  Optional<Duration> idleTimeout;

  @Override
  public Integer call() throws InterruptedException {
    String topic = target.topic();
    group.ifPresent(Inputs::group);
    max.ifPresent(n -> Inputs.require(n >= 1, "--max", "must be 1 or more, was " + n));
    Optional<GatewayClient> gateway = target.gateway();
    if (gateway.isPresent()) {
      return throughGateway(gateway.get(), topic);
    }
    StartPosition start = Inputs.check("--from", () -> StartPosition.parse(from));
    String groupName = group.orElseGet(() -> "herald-tail-" + UUID.randomUUID());
    Tail tail = new Tail(spec.commandLine().getOut(), group.isPresent(), max, idleTimeout);
    try (StopSignal signal = StopSignal.onShutdown(tail::stop);
        Transport opened = target.open(herald, spec.commandLine().getErr());
        Subscription subscription =
            opened.subscribe(topic, groupName, start, RebalanceListener.none())) {
      tail.run(subscription);
    }
    return 0;
  }

  private int throughGateway(GatewayClient gateway, String topic) throws InterruptedException {
    try (gateway) {
      TailStart start = TailStart.parse(from, group.isPresent());
      CommandLine commandLine = spec.commandLine();
      GatewayTail tail =
          new GatewayTail(gateway, commandLine.getOut(), commandLine.getErr(), max, idleTimeout);
      try (StopSignal signal = StopSignal.onShutdown(tail::stop)) {
        tail.run(topic, group, start);
      }
    }
    return 0;
  }
}
