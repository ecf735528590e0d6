package dev.herald.core;

import java.util.List;

/**
 * What a handler knows about the event it handles, and how it publishes follow-up events: events
 * published here carry the handled event's correlation id, and its id as their causation id.
 */
public interface EventContext {
  /** The envelope being handled. */
  Envelope envelope();

  /** Where the envelope was read from. */
  Position position();

  /** The service handling it. */
  String service();

  /** The consumer group handling it. */
  String group();

  /** The flow's correlation id: the envelope's, or its own id when it started the flow. */
  default String correlationId() {
    return envelope().correlationId().orElse(envelope().id());
  }

  /** Publishes {@code event} in this flow; returns when it is stored durably. */
  Position publish(Object event);

  /** Publishes {@code event} with an explicit key in this flow. */
  Position publish(Object event, String key);

  /** Publishes {@code events} in this flow; positions come in input order. */
  List<Position> publish(List<?> events);
}
