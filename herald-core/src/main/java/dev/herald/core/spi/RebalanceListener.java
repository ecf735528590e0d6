package dev.herald.core.spi;

import java.util.Set;

/**
 * Told when partitions of a subscription move between members of a consumer group. Both methods are
 * called on the thread that calls {@link Subscription#poll}, from inside it.
 */
public interface RebalanceListener {
  /** This member now owns {@code partitions}; their deliveries start with the next poll. */
  void onAssigned(Set<Integer> partitions);

  /**
   * This member is about to lose {@code partitions}. The listener finishes or abandons their
   * in-flight events and commits what it handled before returning; after it returns, no more
   * commits for these partitions are accepted from this member.
   */
  void onRevoked(Set<Integer> partitions);

  /** A listener that ignores both calls. */
  static RebalanceListener none() {
    return new RebalanceListener() {
      @Override
      public void onAssigned(Set<Integer> partitions) {}

      @Override
      public void onRevoked(Set<Integer> partitions) {}
    };
  }
}
