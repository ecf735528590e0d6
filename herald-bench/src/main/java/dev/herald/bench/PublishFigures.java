package dev.herald.bench;

/**
 * The figures {@link GatewayBench}'s table shows for one publish side under one load, whether of
 * one round or the median of several.
 */
interface PublishFigures {
  /** What was published. */
  PublishLoad load();

  /** The side's name. */
  String side();

  /** Events published per second, over the counted duration. */
  double eventsPerSecond();

  /** Publishes (HTTP requests, appends) per second, over the counted duration. */
  double requestsPerSecond();

  /** This process's CPU time per event, in microseconds; NaN if the JVM cannot tell. */
  double cpuMicrosPerEvent();

  /** Median time a publish took. */
  double p50Millis();

  /** 99th percentile of the time a publish took. */
  double p99Millis();

  /** Longest time a publish took. */
  double maxMillis();
}
