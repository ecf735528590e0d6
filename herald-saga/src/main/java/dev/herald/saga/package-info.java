/**
 * Sagas (process managers): long-running processes across services, driven by events, with
 * compensation and deadlines. Define one with {@link dev.herald.saga.Saga#builder}, run it with
 * {@link dev.herald.saga.SagaRunner} (state in an event store, steps idempotent, what they publish
 * sent outbox-style, deadlines that survive restarts), and test it with {@link
 * dev.herald.saga.SagaFixture}.
 */
package dev.herald.saga;
