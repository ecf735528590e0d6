package dev.herald.testkit;

import dev.herald.core.Transports;
import dev.herald.core.spi.Features;
import dev.herald.core.spi.Transport;
import java.time.Duration;

/**
 * The contract run against a transport that claims to be persistent but forgets everything when
 * reopened. Run by {@link BrokenTransportsTest}, never by surefire directly.
 */
class ForgetfulTransportContract extends TransportContract {
  @Override
  protected Transport openTransport() {
    return new PersistentMemoryHandle(Transports.memory());
  }

  @Override
  protected Transport reopenTransport() {
    return new PersistentMemoryHandle(Transports.memory());
  }

  @Override
  protected Features features() {
    return new Features(true, false, PersistentMemoryHandle.MAX_EVENT_BYTES);
  }

  @Override
  protected Duration awaitTimeout() {
    return BrokenTransportsTest.AWAIT_TIMEOUT;
  }
}
