/**
 * Read models fed by event store subscriptions, with durable checkpoints, and rebuilt alongside the
 * serving one: {@link dev.herald.eventstore.projection.Projector} runs a {@link
 * dev.herald.eventstore.projection.Projection}.
 */
package dev.herald.eventstore.projection;
