package dev.herald.core;

import java.util.List;

/**
 * Wraps a handler with cross-cutting behaviour: tracing, metrics, dedup. Every handler runs through
 * the chain of middleware its bus was built with, once per attempt: retries, the timeout and the
 * circuit breaker ({@link HandlerOptions}) sit outside the chain, and an exception that leaves the
 * chain fails the attempt. A middleware that swallows an exception turns the attempt into a
 * success: the event is then neither retried nor dead-lettered.
 */
@FunctionalInterface
public interface Middleware {
  /** Returns a handler that adds this middleware's behaviour around {@code next}. */
  Handler wrap(Handler next);

  /**
   * Combines {@code middleware} into one; the first in the list is the outermost, so it sees a
   * delivery first and its outcome last.
   */
  static Middleware chain(List<Middleware> middleware) {
    List<Middleware> copy = List.copyOf(middleware);
    return handler -> {
      Handler wrapped = handler;
      for (int i = copy.size() - 1; i >= 0; i--) {
        wrapped = copy.get(i).wrap(wrapped);
      }
      return wrapped;
    };
  }
}
