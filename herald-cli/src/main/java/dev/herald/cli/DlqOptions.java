package dev.herald.cli;

import dev.herald.core.HeraldException;
import dev.herald.core.spi.Transport;
import dev.herald.log.LogSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code --group} and {@code --transport} (or {@code --url} and {@code --token}) options every
 * {@code herald dlq} command has.
 */
final class DlqOptions {
  @Option(
      names = "--group",
      required = true,
      paramLabel = "GROUP",
      description = "The consumer group: the service's name unless it set another.")
  String group;

  // No picocli default: a --transport given next to --url is an error, the default is not.
  @Option(
      names = "--transport",
      paramLabel = "URI",
      description =
          "The service's transport URI: log:DIR or kafka://HOST:PORT (default: "
              + TopicOptions.DEFAULT_TRANSPORT
              + ").")
  Optional<String> transport;

  @Mixin GatewayOptions gateway;

  /** The group name, checked. */
  String group() {
    return Inputs.group(group);
  }

  /**
   * Opens the transport through {@code herald}. A {@code log:} directory must exist: opening a log
   * creates its directory, and an empty new one would only hide a mistyped path.
   */
  Transport open(HeraldCommand herald, PrintWriter err) {
    String uri = transport();
    if (uri.startsWith("log:")) {
      requireLogDirectory(uri);
    }
    return TopicOptions.open(herald, uri, err);
  }

  /**
   * The group's dead letters at the gateway {@code --url} names, or empty to open the transport.
   *
   * @throws BadInputException if {@code --url} is invalid or given with {@code --transport}
   */
  Optional<GatewayDeadLetters> gateway() {
    return gateway
        .client(transport.isPresent())
        .map(client -> new GatewayDeadLetters(client, group));
  }

  /** The command that lists the group's dead letters, for messages. */
  String listCommand() {
    String command = "herald dlq list --group " + group + gateway.urlArgument();
    return transport
        .filter(uri -> !uri.equals(TopicOptions.DEFAULT_TRANSPORT))
        .map(uri -> command + " --transport " + uri)
        .orElse(command);
  }

  /** The bad input of an {@code id} that names no dead letter of the group. */
  BadInputException unknown(String id) {
    return new BadInputException(
        "no dead letter " + id + " in group " + group + "; " + listCommand() + " shows them");
  }

  private String transport() {
    return transport.orElse(TopicOptions.DEFAULT_TRANSPORT);
  }

  private static void requireLogDirectory(String transport) {
    Path directory;
    try {
      directory = LogSettings.parse(transport).directory();
    } catch (HeraldException e) {
      return; // opening the transport reports what is wrong with the URI
    }
    Inputs.require(
        Files.isDirectory(directory),
        "--transport",
        "there is no log directory "
            + directory.toAbsolutePath().normalize()
            + "; give the one the service uses, such as --transport log:./herald-data");
  }
}
