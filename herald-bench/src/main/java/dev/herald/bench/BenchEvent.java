package dev.herald.bench;

import dev.herald.core.EventType;

/**
 * The event both sides of the Kafka bench carry: Herald sends it as a typed record, raw Kafka sends
 * {@link Payloads#raw the same fields} as plain bytes of the same size.
 *
 * @param key the partition key, one of the workload's keys
 * @param sequence the number of the event within its phase, from 0
 * @param sentNanos when it was (meant to be) sent, by {@link System#nanoTime()} in this JVM
 * @param padding filler that brings the encoded event to the size asked for
 */
@EventType(name = "bench.event.sent", key = "key")
record BenchEvent(String key, long sequence, long sentNanos, String padding) {}
