/**
 * The PostgreSQL backend of the event store: {@link
 * dev.herald.eventstore.postgres.PostgresEventStore}.
 */
package dev.herald.eventstore.postgres;
