package dev.herald.testkit;

import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;

/**
 * The contract run against {@link DuplicatingTransport}; run by {@link BrokenTransportsTest}, never
 * by surefire directly.
 */
class DuplicatingTransportContract extends BrokenTransportContract {
  @Override
  protected Transport openTransport() {
    return new DuplicatingTransport(Transports.memory());
  }
}
