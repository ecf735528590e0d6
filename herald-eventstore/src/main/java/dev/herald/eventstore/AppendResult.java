package dev.herald.eventstore;

/**
 * What an append did.
 *
 * @param nextExpectedVersion the stream's version after the append: pass it as {@link
 *     ExpectedVersion#exactly} to append next
 * @param lastPosition the position of the append's last event
 */
public record AppendResult(long nextExpectedVersion, long lastPosition) {}
