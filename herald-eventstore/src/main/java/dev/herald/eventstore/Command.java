package dev.herald.eventstore;

import java.util.List;

/**
 * A decision on an entity's current state: returns the events that record it (none to change
 * nothing), or throws to refuse it (an exception of the domain, such as {@code OrderAlreadyPaid}).
 * Must not have side effects: {@link AggregateRepository#handle} runs it again on the newer state
 * if another writer got there first.
 *
 * @param <S> the state
 * @param <E> the events
 */
@FunctionalInterface
public interface Command<S, E> {
  /** The events deciding on {@code state}. */
  List<? extends E> decide(S state);
}
