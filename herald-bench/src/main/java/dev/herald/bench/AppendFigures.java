package dev.herald.bench;

/**
 * The figures {@link EventStoreBench}'s table shows for one side under one load, whether of one
 * round or the median of several.
 */
interface AppendFigures {
  /** What was appended. */
  AppendLoad load();

  /** The side's name. */
  String side();

  /** Events appended per second, over the counted duration. */
  double eventsPerSecond();

  /** Appends (commits) per second, over the counted duration. */
  double appendsPerSecond();

  /** This process's CPU time per event, in microseconds; NaN if the JVM cannot tell. */
  double cpuMicrosPerEvent();

  /** Median time an append call took. */
  double p50Millis();

  /** 99th percentile of the time an append call took. */
  double p99Millis();

  /** Longest time an append call took. */
  double maxMillis();
}
