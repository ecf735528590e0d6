package dev.herald.shop.app;

/**
 * One rule a finished run must keep, and whether it did.
 *
 * @param name a short stable name, such as {@code no-dead-letters}
 * @param ok whether the rule holds
 * @param detail what was found: the counts when it holds, the first offenders when it does not
 */
public record Invariant(String name, boolean ok, String detail) {}
