package dev.herald.testkit;

import dev.herald.core.Transports;
import dev.herald.core.spi.Features;
import dev.herald.core.spi.Transport;

/**
 * The contract run against unbroken wrappers, persistent by way of {@link PersistentMemoryHandle}:
 * shows that the wrappers alone break nothing and that the persistence test passes when storage
 * survives a reopen. Run by {@link BrokenTransportsTest}, never by surefire directly.
 */
class ControlTransportContract extends TransportContract {
  private Transport memory;

  @Override
  protected Transport openTransport() {
    memory = Transports.memory();
    return new PersistentMemoryHandle(memory);
  }

  @Override
  protected Transport reopenTransport() {
    return new PersistentMemoryHandle(memory);
  }

  @Override
  protected Features features() {
    return new Features(true, false, PersistentMemoryHandle.MAX_EVENT_BYTES);
  }
}
