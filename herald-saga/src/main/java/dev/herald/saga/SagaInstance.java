package dev.herald.saga;

import java.time.Instant;
import java.util.Map;

/**
 * A saga instance as stored.
 *
 * @param key its key, such as the order id
 * @param version the version of its stream
 * @param state its state after its last step
 * @param ended whether a step ended it
 * @param deadlines its pending deadlines: name and when it passes
 * @param <S> the saga's state
 */
public record SagaInstance<S>(
    String key, long version, S state, boolean ended, Map<String, Instant> deadlines) {
  /** Copies the deadlines. */
  public SagaInstance {
    deadlines = Map.copyOf(deadlines);
  }
}
