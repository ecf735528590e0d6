package dev.herald.shop.app.chaos;

import dev.herald.core.HeraldException;
import java.util.SplittableRandom;

/**
 * How much trouble a chaos run makes: the faults of real delivery, injected into the shop's own
 * topics by a {@link ChaosTransport}, and undecodable events published by {@link
 * UndecodableEvents}.
 *
 * <p>Every fault is decided by the seed and what it happens to, never by the order in which threads
 * reach it: whether an event is duplicated depends on the seed and the event's id, and the faults
 * of a subscription on the seed, its topic and group, and its own sequence of polls and commits. A
 * run of many services is still not repeatable to the event, since the events' ids and the batches
 * polls return are not.
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

  /** Numbers from 0 (inclusive) to 1, the same sequence for the same seed and {@code what}. */
  SplittableRandom dice(String what) {
    // the golden-ratio multiplier spreads nearby hashes, so similar names do not share dice
    return new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * what.hashCode()));
  }
}
