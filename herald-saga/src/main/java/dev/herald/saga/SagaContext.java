package dev.herald.saga;

import java.time.Duration;
import java.time.Instant;

/**
 * What a step may do besides returning the new state. Nothing happens while the step runs: the
 * effects are stored together with the new state, in one append, and carried out after it (events
 * are published with ids fixed at this point, so a publish repeated after a crash carries the same
 * ids). A context belongs to one step run; do not keep it.
 */
public interface SagaContext {
  /** The instance's key, such as the order id. */
  String key();

  /** The time of this step, from the runner's clock. */
  Instant now();

  /**
   * Publishes {@code event} (a command or an event, an {@code @EventType} record) once the step is
   * stored, under the key its type names. It carries the flow's correlation id, and the id of the
   * event this step handles as its causation id.
   *
   * @throws dev.herald.core.HeraldException if the event is not an event type or cannot be encoded
   */
  void publish(Object event);

  /** {@link #publish(Object)} under an explicit {@code key}, which picks its partition. */
  void publish(Object event, String key);

  /**
   * Schedules deadline {@code name} to pass {@code after} from {@link #now()}; its {@link
   * Saga.Builder#onDeadline handler} then runs once. Scheduling a name that is pending replaces it.
   *
   * @throws dev.herald.core.HeraldException if the saga has no handler for {@code name}, {@code
   *     after} is negative, or this step ended the instance
   */
  void schedule(String name, Duration after);

  /** Cancels deadline {@code name} if it is pending; does nothing otherwise. */
  void cancel(String name);

  /**
   * Ends the instance once this step is stored: its pending deadlines are dropped and later events
   * for its key are ignored. What this step publishes is still published.
   */
  void end();
}
