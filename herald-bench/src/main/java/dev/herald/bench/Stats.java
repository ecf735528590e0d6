package dev.herald.bench;

import java.util.Arrays;
import java.util.Collection;

/** The arithmetic of the report, apart so that it is tested on its own. */
final class Stats {
  private Stats() {}

  /** The median; the mean of the middle two for an even count. */
  static double median(Collection<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("the median of nothing");
    }
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(sorted);
    int middle = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  }

  /** The largest value. */
  static double max(Collection<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
  }

  /** {@code herald / raw}, such as 0.93 for Herald at 93% of raw. */
  static double ratio(double herald, double raw) {
    if (raw <= 0) {
      throw new IllegalArgumentException("raw value " + raw + " must be positive for a ratio");
    }
    return herald / raw;
  }

  /** Nanoseconds in milliseconds. */
  static double millis(long nanos) {
    return nanos / 1e6;
  }
}
