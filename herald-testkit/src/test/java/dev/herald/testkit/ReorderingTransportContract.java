package dev.herald.testkit;

import dev.herald.core.Transports;
import dev.herald.core.spi.Features;
import dev.herald.core.spi.Transport;
import java.time.Duration;

/**
 * The contract run against {@link ReorderingTransport}; run by {@link BrokenTransportsTest}, never
 * by surefire directly.
 */
class ReorderingTransportContract extends TransportContract {
  @Override
  protected Transport openTransport() {
    return new ReorderingTransport(Transports.memory());
  }

  @Override
  protected Features features() {
    return new Features(false, false, 16 * 1024 * 1024);
  }

  @Override
  protected Duration awaitTimeout() {
    return BrokenTransportsTest.AWAIT_TIMEOUT;
  }
}
