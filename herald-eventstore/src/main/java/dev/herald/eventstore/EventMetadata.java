package dev.herald.eventstore;

import dev.herald.core.Envelope;
import dev.herald.core.EventContext;
import java.util.Map;

/** Metadata for events a handler appends to a store, as {@code context.publish} does on the bus. */
public final class EventMetadata {
  private EventMetadata() {}

  /**
   * The flow's correlation id carried on, and the handled event as the cause: pass it to {@link
   * AggregateRepository#handle(String, Command, Map)} from inside a bus handler.
   */
  public static Map<String, String> causedBy(EventContext context) {
    return Map.of(
        Envelope.CORRELATION_ID, context.correlationId(),
        Envelope.CAUSATION_ID, context.envelope().id());
  }
}
