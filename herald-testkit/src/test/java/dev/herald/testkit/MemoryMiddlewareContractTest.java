package dev.herald.testkit;

import dev.herald.core.Transports;
import dev.herald.core.spi.Features;
import dev.herald.core.spi.Transport;

/** Failure handling on the memory transport keeps the middleware contract. */
class MemoryMiddlewareContractTest extends MiddlewareContract {
  @Override
  protected Transport openTransport() {
    return Transports.memory();
  }

  @Override
  protected Features features() {
    return new Features(false, false, 16 * 1024 * 1024);
  }
}
