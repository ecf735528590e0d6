package dev.herald.gateway;

import java.time.Duration;
import java.time.Instant;

/**
 * A count and its rate over the last {@link #SECONDS} seconds, in one-second buckets keyed by when
 * the counted things happened (not when they were read), so that reading old events on start raises
 * the total but not the rate. Thread-safe.
 */
final class RateWindow {
  static final int SECONDS = 60;
  static final Duration WINDOW = Duration.ofSeconds(SECONDS);

  private final long[] counts = new long[SECONDS];
  private final long[] secondOf = new long[SECONDS];
  private long total;

  /** Counts {@code n} things that happened at {@code at}. */
  synchronized void add(Instant at, long n) {
    total += n;
    long second = at.getEpochSecond();
    int slot = Math.floorMod(second, SECONDS);
    if (secondOf[slot] != second) {
      secondOf[slot] = second;
      counts[slot] = 0;
    }
    counts[slot] += n;
  }

  /** Everything counted. */
  synchronized long total() {
    return total;
  }

  /** Things per second over the {@link #SECONDS} seconds before {@code now}. */
  synchronized double perSecond(Instant now) {
    long newest = now.getEpochSecond();
    long sum = 0;
    for (int slot = 0; slot < SECONDS; slot++) {
      if (secondOf[slot] > newest - SECONDS && secondOf[slot] <= newest) {
        sum += counts[slot];
      }
    }
    return (double) sum / SECONDS;
  }
}
