package dev.herald.testkit;

import dev.herald.core.spi.Features;
import java.time.Duration;

/**
 * The contract run against a deliberately broken wrapper of the memory transport; run by {@link
 * BrokenTransportsTest}, never by surefire directly. Subclasses say which wrapper.
 */
abstract class BrokenTransportContract extends TransportContract {
  @Override
  protected Features features() {
    return new Features(false, false, 16 * 1024 * 1024);
  }

  @Override
  protected Duration awaitTimeout() {
    return BrokenTransportsTest.AWAIT_TIMEOUT;
  }
}
