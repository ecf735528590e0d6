package dev.herald.testkit;

import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;

/**
 * The contract run against {@link ReorderingTransport}; run by {@link BrokenTransportsTest}, never
 * by surefire directly.
 */
class ReorderingTransportContract extends BrokenTransportContract {
  @Override
  protected Transport openTransport() {
    return new ReorderingTransport(Transports.memory());
  }
}
