package dev.herald.shop.app.chaos;

import dev.herald.core.HeraldException;

/**
 * How much trouble a chaos run makes: the faults of real delivery, injected into the shop's own
 * topics by a {@link ChaosTransport}, and undecodable events published by {@link
 * UndecodableEvents}. The same seed injects the same faults at the same points of a run.
 *
 * @param seed decides every fault
 * @param duplicateRate the share of published events published a second time, as a producer retry
 *     would
 * @param redeliveryRate the share of polls after which a partition is read again from the start of
 *     what the poll returned, as after a rebalance
 * @param crashRate the share of commits lost, the partitions then read again from their last
 *     commit, as after a crash between a handler's effect and the commit
 * @param undecodable how many undecodable events to publish
 */
public record Chaos(
    long seed, double duplicateRate, double redeliveryRate, double crashRate, int undecodable) {

  /** Checks the rates (0 to 1) and the count (0 or more). */
  public Chaos {
    for (double rate : new double[] {duplicateRate, redeliveryRate, crashRate}) {
      if (!(rate >= 0 && rate <= 1)) {
        throw new HeraldException("a chaos rate is from 0 to 1, such as 0.05; was " + rate);
      }
    }
    if (undecodable < 0) {
      throw new HeraldException("the undecodable events are 0 or more, was " + undecodable);
    }
  }

  /**
   * The demo's chaos: 5% of events duplicated, 5% of polls redelivered, 5% of commits lost, 5
   * undecodable events.
   */
  public static Chaos standard(long seed) {
    return new Chaos(seed, 0.05, 0.05, 0.05, 5);
  }
}
