package dev.herald.cli;

import dev.herald.core.HeraldException;
import dev.herald.core.spi.Transport;
import dev.herald.gateway.Gateway;
import java.util.List;
import java.util.Optional;

/**
 * The HTTP gateway that {@code herald demo} and {@code herald run} serve beside the shop, on
 * 127.0.0.1 and the same transport: other languages publish, follow and administer through it.
 */
final class EmbeddedGateway implements AutoCloseable {
  private final Optional<Gateway> gateway;

  private EmbeddedGateway(Optional<Gateway> gateway) {
    this.gateway = gateway;
  }

  /**
   * Serves a gateway onto {@code transport} at {@code port} (0: any free one), or nothing if {@code
   * port} is empty.
   *
   * @throws BadInputException naming {@code --gateway-port} if the port is taken or invalid
   */
  static EmbeddedGateway start(Optional<Integer> port, Transport transport) {
    if (port.isEmpty()) {
      return new EmbeddedGateway(Optional.empty());
    }
    Inputs.require(
        port.get() >= 0 && port.get() <= 65_535,
        "--gateway-port",
        "must be a port from 1 to 65535, or 0 for any free one; was " + port.get());
    try {
      return new EmbeddedGateway(Optional.of(Gateway.builder(transport).port(port.get()).start()));
    } catch (HeraldException e) {
      throw new BadInputException("--gateway-port: " + e.getMessage(), e);
    }
  }

  /** The header lines that say where it serves, if it does. */
  List<String> describe() {
    return gateway
        .map(
            g ->
                List.of(
                    "Dashboard      " + g.uri() + "/  (open it in a browser)",
                    "Gateway        "
                        + g.uri()
                        + " (POST /topics/T/events, GET /topics/T/stream, /ws, /admin)"))
        .orElse(List.of());
  }

  /** The running gateway, if any. */
  Optional<Gateway> gateway() {
    return gateway;
  }

  @Override
  public void close() {
    gateway.ifPresent(Gateway::close);
  }
}
