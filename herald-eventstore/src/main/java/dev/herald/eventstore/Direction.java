package dev.herald.eventstore;

/** Which way a stream is read. */
public enum Direction {
  /** Oldest first. */
  FORWARDS,
  /** Newest first. */
  BACKWARDS
}
