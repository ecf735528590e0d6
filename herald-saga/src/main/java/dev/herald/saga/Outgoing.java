package dev.herald.saga;

import dev.herald.core.Envelope;

/**
 * An event a step publishes, ready for the transport: its id is fixed when the step runs, so that
 * publishing it again after a crash sends the same event.
 *
 * @param topic the topic it goes to
 * @param envelope the event
 */
record Outgoing(String topic, Envelope envelope) {}
