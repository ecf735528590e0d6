package dev.herald.saga;

/**
 * What a saga does when one of its deadlines passes: the same kind of step as {@link SagaStep},
 * with no event. Runs at most once per scheduled deadline, and never for one that was cancelled,
 * replaced or dropped when the instance ended.
 *
 * @param <S> the saga's state
 */
@FunctionalInterface
public interface DeadlineStep<S> {
  /** The state after the deadline passed; return {@code state} itself if nothing changed. */
  S apply(S state, SagaContext context) throws Exception;
}
