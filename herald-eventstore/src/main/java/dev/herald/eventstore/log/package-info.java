/**
 * The embedded event store backend on Herald's durable log: {@link
 * dev.herald.eventstore.log.LogEventStore} keeps its events in one partition of the topic {@code
 * herald.eventstore}, in the same directory as the event bus's topics.
 */
package dev.herald.eventstore.log;
