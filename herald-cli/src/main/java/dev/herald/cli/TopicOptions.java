package dev.herald.cli;

import dev.herald.core.spi.Transport;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code --transport} (or {@code --url} and {@code --token}) and {@code --topic} options that
 * publish and tail share.
 */
final class TopicOptions {
  /** The embedded log in ./herald-data, so that publish and tail meet without any setup. */
  static final String DEFAULT_TRANSPORT = "log:herald-data";

  // No picocli default: a --transport given next to --url is an error, the default is not.
  @Option(
      names = "--transport",
      paramLabel = "URI",
      description =
          "Transport URI: log:DIR, kafka://HOST:PORT or memory: (default: "
              + DEFAULT_TRANSPORT
              + ", a directory under the current one).")
  Optional<String> transport;

  @Mixin GatewayOptions gateway;

  @Option(names = "--topic", required = true, paramLabel = "TOPIC", description = "The topic.")
  String topic;

  /** The topic name, checked. */
  String topic() {
    return Inputs.topic(topic);
  }

  /**
   * The gateway {@code --url} names, or empty to open the transport.
   *
   * @throws BadInputException if {@code --url} is invalid or given with {@code --transport}
   */
  Optional<GatewayClient> gateway() {
    return gateway.client(transport.isPresent());
  }

  /**
   * Opens the transport through {@code herald}; warns on {@code err} when it lives inside this
   * process only, since then no other process's events are seen and none of ours reach them.
   */
  Transport open(HeraldCommand herald, PrintWriter err) {
    return open(herald, transport.orElse(DEFAULT_TRANSPORT), err);
  }

  /**
   * Opens {@code uri} through {@code herald}, with the note of {@link #open(HeraldCommand,
   * PrintWriter)}.
   */
  static Transport open(HeraldCommand herald, String uri, PrintWriter err) {
    Transport opened = herald.openTransport(uri);
    if (!opened.features().persistent() && !opened.features().sharedAcrossProcesses()) {
      err.println(
          "note: " + uri + " keeps events inside this process; other processes never see them");
    }
    return opened;
  }
}
