/** An event store in memory, for tests and throwaway runs. */
package dev.herald.eventstore.memory;
