package dev.herald.eventstore;

import java.util.OptionalLong;

/**
 * Durable checkpoints of named subscriptions (projections), kept in the event store itself, so that
 * a restarted subscription resumes where it stopped.
 */
public interface Checkpoints {
  /** The position to resume {@code name} from, if it saved one. */
  OptionalLong load(String name);

  /** Saves durably that {@code name} resumes from {@code nextPosition}. */
  void save(String name, long nextPosition);
}
