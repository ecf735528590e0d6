package dev.herald.core;

/**
 * A handler as the middleware chain sees it: the raw delivery plus its context. The innermost
 * handler decodes the envelope and calls the user's {@link EventHandler}.
 */
@FunctionalInterface
public interface Handler {
  /**
   * Handles {@code delivery}; returning acknowledges it, throwing fails it.
   *
   * @throws Exception whatever the handler or a middleware failed with
   */
  void handle(Delivery delivery, EventContext context) throws Exception;
}
