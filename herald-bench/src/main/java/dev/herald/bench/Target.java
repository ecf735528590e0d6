package dev.herald.bench;

/**
 * One of an issue's targets, judged on a bench's medians.
 *
 * @param what what is judged, such as {@code log-never throughput, 100 B}
 * @param goal the target, such as {@code >= 1,000,000 ev/s}
 * @param status whether it was met, missed, or not measured in this run
 * @param result the median judged, such as {@code 612,345 ev/s}, or why it was not measured
 */
public record Target(String what, String goal, Status status, String result) {
  /** How a target came out. */
  public enum Status {
    MET,
    MISSED,
    NOT_MEASURED
  }
}
