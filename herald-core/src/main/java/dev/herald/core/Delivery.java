package dev.herald.core;

/**
 * One envelope as a consumer receives it, with where it came from.
 *
 * @param envelope the event
 * @param topic the topic it was read from
 * @param partition the partition it was read from
 * @param offset its offset in that partition
 */
public record Delivery(Envelope envelope, String topic, int partition, long offset) {
  /** Its position. */
  public Position position() {
    return new Position(topic, partition, offset);
  }
}
