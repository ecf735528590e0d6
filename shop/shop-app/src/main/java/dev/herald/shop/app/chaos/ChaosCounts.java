package dev.herald.shop.app.chaos;

import java.util.Map;

/**
 * What a chaos run injected so far. Immutable.
 *
 * @param duplicates events published a second time
 * @param redeliveries partitions read again after a poll
 * @param crashes commits lost, the partitions read again from their last commit
 * @param undecodable the ids of the undecodable events published, each with the consumer group
 *     whose dead letters it must end in
 */
public record ChaosCounts(
    long duplicates, long redeliveries, long crashes, Map<String, String> undecodable) {
  /** Copies the ids. */
  public ChaosCounts {
    undecodable = Map.copyOf(undecodable);
  }
}
