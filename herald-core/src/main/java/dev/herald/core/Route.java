package dev.herald.core;

import java.time.Duration;
import java.util.Optional;

/**
 * A registered handler: the event type it takes, its handler wrapped in the middleware chain, and
 * how its attempts run (its options, resolved against the service's defaults).
 *
 * @param type the event type
 * @param chain the user's handler inside the bus's middleware
 * @param name the handler's name in dead letters
 * @param retry its retry policy
 * @param timeout its time limit per attempt, if any
 * @param breaker its circuit breaker, if any
 * @param ordered whether it runs in ordered mode
 * @param meters its metrics
 * @param idempotencyWindow how long its group remembers the event ids it handled, if it is
 *     idempotent
 */
record Route(
    RegisteredType<?> type,
    Handler chain,
    String name,
    RetryPolicy retry,
    Optional<Duration> timeout,
    Optional<CircuitBreaker> breaker,
    boolean ordered,
    HandlerMeters meters,
    Optional<Duration> idempotencyWindow) {

  /** A route with {@code options}, falling back to {@code serviceRetry}. */
  static Route of(
      RegisteredType<?> type,
      Handler chain,
      RetryPolicy serviceRetry,
      HandlerOptions options,
      HandlerMeters meters) {
    return new Route(
        type,
        chain,
        options.name().orElse(type.name()),
        options.retry().orElse(serviceRetry),
        options.timeout(),
        options.circuitBreaker(),
        options.ordered(),
        meters,
        options.idempotencyWindow());
  }

  /** The innermost handler: decodes the envelope and calls the user's handler. */
  static <E> Handler invoking(
      RegisteredType<E> type, Codec codec, EventHandler<? super E> handler) {
    return (delivery, context) -> {
      E event = codec.decode(delivery.envelope(), type.javaType());
      handler.handle(event, context);
    };
  }
}
