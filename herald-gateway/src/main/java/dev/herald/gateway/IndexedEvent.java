package dev.herald.gateway;

import dev.herald.core.Delivery;
import dev.herald.core.Envelope;
import java.time.Instant;

/**
 * One event the {@link EventIndex} holds, with where it was read.
 *
 * @param sequence the order in which the index read it, counting from 0; later reads are higher
 * @param delivery the event and its topic, partition and offset
 * @param seen when the index read it
 */
record IndexedEvent(long sequence, Delivery delivery, Instant seen) {
  /** The event. */
  Envelope envelope() {
    return delivery.envelope();
  }

  /** The event's id. */
  String id() {
    return delivery.envelope().id();
  }

  /** When it happened: its {@code time} attribute, or when the index read it if it has none. */
  Instant time() {
    return delivery.envelope().time().orElse(seen);
  }
}
