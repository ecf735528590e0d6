package dev.herald.cli;

import dev.herald.core.HeraldException;
import dev.herald.core.spi.Transport;
import dev.herald.log.LogSettings;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --group} and {@code --transport} options every {@code herald dlq} command has. */
final class DlqOptions {
  @Option(
      names = "--group",
      required = true,
      paramLabel = "GROUP",
      description = "The consumer group: the service's name unless it set another.")
  String group;

  @Option(
      names = "--transport",
      paramLabel = "URI",
      defaultValue = TopicOptions.DEFAULT_TRANSPORT,
      description =
          "The service's transport URI: log:DIR or kafka://HOST:PORT (default:"
              + " ${DEFAULT-VALUE}).")
  String transport;

  /** The group name, checked. */
  String group() {
    return Inputs.group(group);
  }

  /**
   * Opens the transport through {@code herald}. A {@code log:} directory must exist: opening a log
   * creates its directory, and an empty new one would only hide a mistyped path.
   */
  Transport open(HeraldCommand herald, PrintWriter err) {
    if (transport.startsWith("log:")) {
      requireLogDirectory();
    }
    return TopicOptions.open(herald, transport, err);
  }

  /** The command that lists the group's dead letters, for messages. */
  String listCommand() {
    String command = "herald dlq list --group " + group;
    return transport.equals(TopicOptions.DEFAULT_TRANSPORT)
        ? command
        : command + " --transport " + transport;
  }

  /** The bad input of an {@code id} that names no dead letter of the group. */
  BadInputException unknown(String id) {
    return new BadInputException(
        "no dead letter " + id + " in group " + group + "; " + listCommand() + " shows them");
  }

  private void requireLogDirectory() {
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
