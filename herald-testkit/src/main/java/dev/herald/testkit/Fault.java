package dev.herald.testkit;

/**
 * A way that real delivery differs from "each event once, in publish order", as {@link
 * HandlerFaults} injects it. Each one is something Herald's at-least-once delivery allows, so a
 * handler has to cope with all of them; none breaks a guarantee Herald gives (order per key holds
 * under every fault).
 */
public enum Fault {
  /**
   * Some events are stored twice with the same envelope, id included, as an outbox or a producer
   * retry does: each copy comes after its original and before the next event of its key. Passing
   * needs a handler that recognises an event it has already handled.
   */
  DUPLICATES,

  /**
   * The consumer goes back a few events once in a while, as after a lost commit or a rebalance: the
   * events since then are handled again, in order. Passing needs an idempotent handler.
   */
  REDELIVERIES,

  /**
   * Keys are spread over 4 partitions that are handled in parallel, as in production, and every
   * handler call waits a random pause first, so slow and fast keys overtake each other. Passing
   * needs a handler that is thread-safe across keys and does not depend on timing. The pauses come
   * from the seed; which thread runs first within them is up to the scheduler.
   */
  DELAYS,

  /**
   * Events of different keys arrive interleaved in another order than they were given, while each
   * key's own events keep their order (Herald guarantees that much and no more). Passing needs
   * effects that do not depend on the order across keys.
   */
  REORDER_ACROSS_KEYS,

  /**
   * The process dies after the handler's side effect but before its offset is committed: the bus is
   * stopped without committing, a new one starts on the same transport and handles again every
   * event since the last commit, the one whose effect already happened included. Handlers given as
   * {@link HandlerFaults#forService a registration} are registered anew on the new bus, so state
   * kept in the handler object is lost as in a real crash; what the effects read survives. Passing
   * needs a handler that records what it did in the same place its effects live.
   */
  CRASH_AFTER_EFFECT
}
