package dev.herald.shop.app.chaos;

import java.util.Set;

/**
 * What a chaos run injected so far. Immutable.
 *
 * @param duplicates events published a second time
 * @param redeliveries partitions read again after a poll
 * @param crashes commits lost, the partitions read again from their last commit
 * @param undecodable the ids of the undecodable events published
 */
public record ChaosCounts(
    long duplicates, long redeliveries, long crashes, Set<String> undecodable) {
  /** Copies the ids. */
  public ChaosCounts {
    undecodable = Set.copyOf(undecodable);
  }
}
