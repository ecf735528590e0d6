package dev.herald.cli;

import dev.herald.core.spi.ForwardingTransport;
import dev.herald.core.spi.Transport;

/** A transport that forwards to another and ignores close, so several commands can share one. */
class SharedTransport extends ForwardingTransport {
  SharedTransport(Transport delegate) {
    super(delegate);
  }

  @Override
  public void close() {
    // The test owns the shared transport and closes it.
  }
}
