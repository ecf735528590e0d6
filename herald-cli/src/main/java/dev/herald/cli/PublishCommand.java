package dev.herald.cli;

import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import dev.herald.core.InvalidEnvelopeException;
import dev.herald.core.Position;
import dev.herald.core.spi.Transport;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code herald publish}: appends one CloudEvent with JSON data and prints its position. */
@Command(
    name = "publish",
    description = "Publish one event with JSON data and print where it was stored.",
    footer = {
      "%nPrints one JSON line once the transport has the event durably:",
      "  {\"topic\":\"shop.order\",\"partition\":1,\"offset\":0,\"id\":\"...\"}",
      "%nWith --url it publishes through a running gateway instead (its API token in",
      "--token or HERALD_TOKEN) and prints the same line once the gateway has it.",
      "%nExamples:",
      "  herald publish --transport log:./herald-data --topic shop.order \\",
      "    --type shop.order.placed --key o-1 --data '{\"orderId\":\"o-1\",\"total\":42}'",
      "  herald publish --url http://127.0.0.1:8080 --topic shop.order \\",
      "    --type shop.order.placed --key o-1 --data '{\"orderId\":\"o-1\"}'"
    })
final class PublishCommand implements Runnable {
  /** How long to wait for the transport to acknowledge the event. */
  static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);

  @Mixin HelpOption help;
  @Spec CommandSpec spec;
  @ParentCommand HeraldCommand herald;

  @Mixin TopicOptions target;

  @Option(
      names = "--type",
      required = true,
      paramLabel = "TYPE",
      description = "The event type, such as shop.order.placed.")
  String type;

  @Option(
      names = "--key",
      required = true,
      paramLabel = "KEY",
      description = "Picks the partition (events with one key stay in order); also the subject.")
  String key;

  @Option(
      names = "--data",
      required = true,
      paramLabel = "JSON",
      description = "The event data, a JSON value.")
  String data;

  @Option(
      names = "--source",
      defaultValue = "herald-cli",
      paramLabel = "SOURCE",
      description = "Who publishes it, a URI reference (default: ${DEFAULT-VALUE}).")
  String source;

  @Option(names = "--id", paramLabel = "ID", description = "The event id (default: a new UUID).")
  Optional<String> id;

  @Option(
      names = "--subject",
      paramLabel = "SUBJECT",
      description = "What the event is about (default: the key).")
  Optional<String> subject;

  @Override
  public void run() {
    String topic = target.topic();
    Inputs.require(!key.isEmpty(), "--key", "must not be empty; it picks the partition");
    CloudEventJson.requireJson("--data", data);
    Envelope envelope = envelope();
    Optional<GatewayClient> gateway = target.gateway();
    Position position;
    if (gateway.isPresent()) {
      try (GatewayClient client = gateway.get()) {
        position = GatewayPublish.publish(client, topic, envelope);
      }
    } else {
      try (Transport opened = target.open(herald, spec.commandLine().getErr())) {
        position = awaitAck(opened, topic, envelope);
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    out.println(CloudEventJson.line(CloudEventJson.position(position, envelope.id())));
    out.flush();
  }

  private Envelope envelope() {
    try {
      return Envelope.builder()
          .id(id.orElseGet(() -> UUID.randomUUID().toString()))
          .source(source)
          .type(type)
          .time(Instant.now())
          .subject(subject.orElse(key))
          .dataContentType("application/json")
          .extension(Envelope.PARTITION_KEY, key)
          .data(data)
          .build();
    } catch (InvalidEnvelopeException e) {
      String option =
          switch (e.attribute()) {
            case "id", "source", "type" -> "--" + e.attribute();
            case "subject" -> subject.isPresent() ? "--subject" : "--key";
            case Envelope.PARTITION_KEY -> "--key";
            default -> "--data";
          };
      throw new BadInputException(option + ": " + e.getMessage(), e);
    }
  }

  private static Position awaitAck(Transport opened, String topic, Envelope envelope) {
    try {
      return opened
          .append(topic, List.of(envelope))
          .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .get(0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeraldException(
          "interrupted while publishing " + envelope.id() + "; it may or may not be stored", e);
    } catch (TimeoutException e) {
      throw new HeraldException(
          "the transport did not acknowledge event "
              + envelope.id()
              + " within "
              + ACK_TIMEOUT.toSeconds()
              + " s; it may or may not be stored",
          e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof HeraldException herald) {
        throw herald;
      }
      throw new HeraldException("publishing " + envelope.id() + " failed: " + cause, cause);
    }
  }
}
