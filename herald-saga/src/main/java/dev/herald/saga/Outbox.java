package dev.herald.saga;

import java.util.List;

/** Where the events of a stored step go: the transport, or a fixture's list. */
@FunctionalInterface
interface Outbox {
  /**
   * Sends {@code messages} in order, returning once all are stored.
   *
   * @throws dev.herald.core.HeraldException if one could not be sent; some may have been
   */
  void send(List<Outgoing> messages);
}
