package dev.herald.core;

/**
 * A registered handler: the event type it takes and its handler wrapped in the middleware chain.
 */
record Route(RegisteredType<?> type, Handler chain) {

  /** The innermost handler: decodes the envelope and calls the user's handler. */
  static <E> Handler invoking(
      RegisteredType<E> type, Codec codec, EventHandler<? super E> handler) {
    return (delivery, context) -> {
      E event = codec.decode(delivery.envelope(), type.javaType());
      handler.handle(event, context);
    };
  }
}
