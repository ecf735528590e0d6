/**
 * Building blocks shared by the event store backends: the checks every append passes and the
 * subscription that catches up and then follows live. Not for applications.
 */
package dev.herald.eventstore.spi;
