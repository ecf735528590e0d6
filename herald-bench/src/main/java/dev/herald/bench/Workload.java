package dev.herald.bench;

import java.time.Duration;

/** The figures of a bench's options that {@link Phases#measure} runs with. */
interface Workload {
  /** Counted rounds, after one warm-up round. */
  int rounds();

  /** How long each latency phase sends at {@link #rate()}. */
  Duration latencyDuration();

  /** Events of each throughput phase. */
  int events();

  /** Events per second of each latency phase. */
  int rate();

  /** Events of each latency phase. */
  int latencyEvents();

  /** Sent but not yet stored events allowed at once. */
  int maxInFlight();
}
