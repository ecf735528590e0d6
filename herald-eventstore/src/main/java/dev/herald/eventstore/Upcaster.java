package dev.herald.eventstore;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Upgrades the JSON of one event type from one schema version to the next, on read, so that code
 * only ever sees the current version while stored events stay as they were written. Register one
 * per step ({@code 1 → 2}, {@code 2 → 3}) with {@link AggregateRepository.Builder#upcaster}.
 */
public interface Upcaster {
  /** The event type name it upgrades. */
  String type();

  /** The version it reads; it returns version {@code fromVersion() + 1}. */
  int fromVersion();

  /** The data at {@code fromVersion() + 1}; may change {@code data} in place and return it. */
  ObjectNode upcast(ObjectNode data);
}
