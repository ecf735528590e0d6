package dev.herald.saga;

import java.time.Instant;

/**
 * A scheduled deadline of an instance.
 *
 * @param id unique per scheduling, so that a replaced or cancelled deadline never fires
 * @param name the name the saga's handler is registered under
 * @param due when it passes
 * @param correlation the flow's correlation id, for what its step publishes
 * @param causation the id of the event whose step scheduled it, the causation of what it publishes
 */
record Deadline(String id, String name, Instant due, String correlation, String causation) {
  /** The trigger a firing is recorded under, unlike any event id. */
  String trigger() {
    return Cause.DEADLINE_PREFIX + id;
  }
}
