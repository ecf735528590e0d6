package dev.herald.core;

/**
 * Where an event sits: its topic, partition and offset within the partition.
 *
 * @param topic the topic
 * @param partition the partition, from 0
 * @param offset the offset within the partition, from 0
 */
public record Position(String topic, int partition, long offset) {
  @Override
  public String toString() {
    return topic + "/" + partition + "@" + offset;
  }
}
