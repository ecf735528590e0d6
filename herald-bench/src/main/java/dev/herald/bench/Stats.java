package dev.herald.bench;

import java.util.Arrays;
import java.util.Collection;
import java.util.function.ToDoubleFunction;

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

  /** The median of {@code value} over {@code items}. */
  static <T> double median(Collection<T> items, ToDoubleFunction<T> value) {
    return median(items.stream().map(value::applyAsDouble).toList());
  }

  /** The largest value. */
  static double max(Collection<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
  }

  /** The largest {@code value} over {@code items}. */
  static <T> double max(Collection<T> items, ToDoubleFunction<T> value) {
    return items.stream().mapToDouble(value).max().orElseThrow();
  }

  /** {@code herald / raw}, such as 0.93 for Herald at 93% of raw. */
  static double ratio(double herald, double raw) {
    if (raw <= 0) {
      throw new IllegalArgumentException("raw value " + raw + " must be positive for a ratio");
    }
    return herald / raw;
  }

  /**
   * CPU microseconds per event between two readings of a CPU clock in nanoseconds; NaN if either
   * reading is negative, a clock's way of saying it cannot tell.
   */
  static double microsPerEvent(long startNanos, long endNanos, long events) {
    if (startNanos < 0 || endNanos < 0) {
      return Double.NaN;
    }
    if (events <= 0) {
      throw new IllegalArgumentException("events " + events + " must be positive for a rate");
    }
    return (endNanos - startNanos) / 1e3 / events;
  }

  /** Nanoseconds in milliseconds. */
  static double millis(long nanos) {
    return nanos / 1e6;
  }
}
