package dev.herald.saga;

import dev.herald.core.Envelope;
import java.util.HashMap;
import java.util.Map;

/**
 * Why a step runs, and what that gives the events it publishes.
 *
 * @param trigger what the step is recorded as having handled: the event's id, or {@code
 *     deadline:<id>}; a trigger an instance already handled is skipped
 * @param description what triggered it, for logs and messages: the event type or the deadline
 * @param correlation the correlation id of what the step publishes
 * @param causation the causation id of what the step publishes
 * @param extensions more envelope extensions for what the step publishes (trace context)
 */
record Cause(
    String trigger,
    String description,
    String correlation,
    String causation,
    Map<String, String> extensions) {
  static final String DEADLINE_PREFIX = "deadline:";

  /** Extension naming the deadline whose step published an event. */
  static final String DEADLINE_EXTENSION = "sagadeadline";

  private static final String TRACESTATE = "tracestate";

  /** The handling of {@code envelope}: its publishes continue its flow and trace. */
  static Cause of(Envelope envelope) {
    Map<String, String> extensions = new HashMap<>();
    envelope
        .extension(Envelope.TRACEPARENT)
        .ifPresent(t -> extensions.put(Envelope.TRACEPARENT, t));
    envelope.extension(TRACESTATE).ifPresent(t -> extensions.put(TRACESTATE, t));
    return new Cause(
        envelope.id(),
        envelope.type(),
        envelope.correlationId().orElse(envelope.id()),
        envelope.id(),
        Map.copyOf(extensions));
  }

  /** The firing of {@code deadline}: its publishes continue the flow of the step that set it. */
  static Cause of(Deadline deadline) {
    return new Cause(
        deadline.trigger(),
        "deadline " + deadline.name(),
        deadline.correlation(),
        deadline.causation(),
        Map.of(DEADLINE_EXTENSION, deadline.name()));
  }
}
