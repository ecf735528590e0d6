/**
 * The relay that carries appended events from an event store to the bus's topics: the store is the
 * only write a command makes, and the relay follows it from a durable checkpoint (the transactional
 * outbox pattern, with the event store as the outbox).
 */
package dev.herald.eventstore.relay;
