package dev.herald.bench;

import java.util.List;
import java.util.Optional;

/**
 * The figures every bench table shows for one side at one size, whether of one round or the median
 * of several.
 */
interface Figures {
  /** Event data size in bytes. */
  int size();

  /** The side's name. */
  String side();

  /** Events per second from the first send to the last receipt. */
  double throughput();

  /** Process CPU microseconds per event over the throughput phase; NaN if the JVM cannot tell. */
  double cpuMicrosPerEvent();

  /** Median publish-to-handler latency at the fixed rate. */
  double p50Millis();

  /** 99th percentile latency at the fixed rate. */
  double p99Millis();

  /** Largest latency at the fixed rate. */
  double maxMillis();

  /** The first of {@code figures} of {@code side} at {@code size}. */
  static <F extends Figures> Optional<F> find(List<F> figures, int size, String side) {
    return figures.stream().filter(f -> f.size() == size && f.side().equals(side)).findFirst();
  }
}
