package dev.herald.testkit;

import dev.herald.core.Transports;
import dev.herald.core.spi.Features;
import dev.herald.core.spi.Transport;

/** The memory transport keeps the transport contract. */
class MemoryTransportContractTest extends TransportContract {
  @Override
  protected Transport openTransport() {
    return Transports.memory();
  }

  @Override
  protected Features features() {
    return new Features(false, false, 16 * 1024 * 1024);
  }
}
