package dev.herald.testkit;

import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;

/**
 * The contract run against {@link DroppingTransport}; run by {@link BrokenTransportsTest}, never by
 * surefire directly.
 */
class DroppingTransportContract extends BrokenTransportContract {
  @Override
  protected Transport openTransport() {
    return new DroppingTransport(Transports.memory());
  }
}
