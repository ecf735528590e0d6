package dev.herald.saga;

/**
 * What a saga does when one of its events arrives: it looks at the instance's state and the event,
 * asks {@code context} for effects (publish, schedule, cancel, end) and returns the new state.
 *
 * <p>A step must have no side effects of its own: it may run again on newer state when another
 * writer changed the instance first, and only the run whose result is stored counts. Everything
 * that should happen goes through {@code context}, which stores it with the state and carries it
 * out afterwards. Throwing refuses the event: nothing is stored, and the bus retries it and then
 * dead-letters it.
 *
 * @param <S> the saga's state
 * @param <E> the event
 */
@FunctionalInterface
public interface SagaStep<S, E> {
  /** The state after {@code event}; return {@code state} itself if nothing changed. */
  S apply(S state, E event, SagaContext context) throws Exception;
}
