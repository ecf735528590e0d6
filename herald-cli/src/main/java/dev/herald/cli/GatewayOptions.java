package dev.herald.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The {@code --url} and {@code --token} options: a running Herald gateway to work through, instead
 * of opening a transport with {@code --transport}.
 */
final class GatewayOptions {
  /** The environment variable that holds the API token when {@code --token} is not given. */
  static final String TOKEN_VARIABLE = "HERALD_TOKEN";

  @Option(
      names = "--url",
      paramLabel = "URL",
      description = "A running Herald gateway, http://HOST:PORT, instead of --transport.")
  Optional<String> url;

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description = "The gateway's API token (default: the " + TOKEN_VARIABLE + " variable).")
  Optional<String> token;

  /**
   * A client of the gateway {@code --url} names, or empty when it is not given.
   *
   * @param transportGiven whether {@code --transport} was given too, which is bad input
   * @throws BadInputException if both were given, the URL is not valid or {@code --token} came
   *     without {@code --url}
   */
  Optional<GatewayClient> client(boolean transportGiven) {
    if (url.isEmpty()) {
      Inputs.require(
          token.isEmpty(), "--token", "is the API token of a gateway; give its --url as well");
      return Optional.empty();
    }
    Inputs.require(
        !transportGiven,
        "--url",
        "give --url or --transport, not both: --url works through a running gateway,"
            + " --transport opens the transport itself");
    Optional<String> secret =
        token
            .or(() -> Optional.ofNullable(System.getenv(TOKEN_VARIABLE)))
            .filter(t -> !t.isBlank());
    return Optional.of(GatewayClient.of(url.get(), secret));
  }

  /** {@code --url URL}, for messages that suggest a command; empty without {@code --url}. */
  String urlArgument() {
    return url.map(u -> " --url " + u).orElse("");
  }
}
