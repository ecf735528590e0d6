package dev.herald.saga;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One stored step of an instance: the state it left and everything it did. An instance's stream is
 * a sequence of these (type {@value StepRecords#STEP_TYPE}), each followed by a {@value
 * StepRecords#SENT_TYPE} marker once its events are on the bus.
 *
 * @param trigger the event id or deadline it handled (see {@link Cause#trigger})
 * @param description what that was, for people reading the stream
 * @param at when the step ran
 * @param state the new state, as JSON
 * @param outbox the events it publishes, in order
 * @param scheduled the deadlines it scheduled
 * @param cancelled the pending deadlines it cancelled or replaced
 * @param ended whether it ended the instance
 * @param correlation the flow it belongs to, kept in the stored record's metadata
 */
@SuppressWarnings("ArrayRecordComponent") // the state bytes are never compared
record StepRecord(
    String trigger,
    String description,
    Instant at,
    byte[] state,
    List<Outgoing> outbox,
    List<Deadline> scheduled,
    List<Deadline> cancelled,
    boolean ended,
    String correlation) {

  StepRecord {
    outbox = List.copyOf(outbox);
    scheduled = List.copyOf(scheduled);
    cancelled = List.copyOf(cancelled);
  }

  /** Applies this step to {@code pending} (by name): the deadlines left after it. */
  void applyTo(Map<String, Deadline> pending) {
    if (ended) {
      pending.clear();
      return;
    }
    Set<String> gone = cancelled.stream().map(Deadline::id).collect(Collectors.toSet());
    pending.values().removeIf(d -> gone.contains(d.id()) || d.trigger().equals(trigger));
    scheduled.forEach(d -> pending.put(d.name(), d));
  }
}
