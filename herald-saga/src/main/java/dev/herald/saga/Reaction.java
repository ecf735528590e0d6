package dev.herald.saga;

import dev.herald.core.HeraldException;
import java.util.function.Function;

/** How a saga reacts to one event type: which instance, whether it may start one, and the step. */
record Reaction<S, E>(
    Class<E> type, Function<? super E, String> key, boolean starts, SagaStep<S, ? super E> step) {

  /**
   * The key of the instance {@code event} belongs to.
   *
   * @throws HeraldException if the key function returns null or blank
   */
  String keyOf(String saga, Object event) {
    String found = key.apply(type.cast(event));
    if (found == null || found.isBlank()) {
      throw new HeraldException(
          "saga "
              + saga
              + " found no instance key in "
              + event
              + "; the key function of "
              + type.getSimpleName()
              + " must return the id that ties the event to its instance, such as the order id");
    }
    return found;
  }

  S apply(S state, Object event, SagaContext context) throws Exception {
    return step.apply(state, type.cast(event), context);
  }
}
