package dev.herald.gateway;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where a stream of one topic stands: per partition, the offset of the next event to send. As text
 * it is {@code partition:offset} pairs joined by commas ({@code 0:12,1:7,2:0}), the SSE id of each
 * event, so that a client that reconnects with {@code Last-Event-ID} (or {@code from=}) resumes
 * right after the last event it got.
 *
 * @param next per partition, the offset of the next event; partitions left out start at 0
 */
record Cursor(SortedMap<Integer, Long> next) {
  private static final int MAX_PARTITIONS = 10_000;

  Cursor {
    next = Collections.unmodifiableSortedMap(new TreeMap<>(next));
  }

  static Cursor of(Map<Integer, Long> next) {
    return new Cursor(new TreeMap<>(next));
  }

  /**
   * Parses {@code text}.
   *
   * @throws GatewayProblem 400 saying what is wrong
   */
  static Cursor parse(String text) {
    SortedMap<Integer, Long> next = new TreeMap<>();
    if (text.isBlank()) {
      throw invalid(text, "it is empty");
    }
    for (String pair : text.split(",", -1)) {
      int colon = pair.indexOf(':');
      if (colon < 0) {
        throw invalid(text, "'" + pair + "' is no partition:offset pair");
      }
      try {
        int partition = Integer.parseInt(pair.substring(0, colon).trim());
        long offset = Long.parseLong(pair.substring(colon + 1).trim());
        if (partition < 0 || offset < 0 || partition >= MAX_PARTITIONS) {
          throw invalid(text, "partitions and offsets are 0 or more");
        }
        if (next.put(partition, offset) != null) {
          throw invalid(text, "partition " + partition + " appears twice");
        }
      } catch (NumberFormatException e) {
        throw invalid(text, "'" + pair + "' is no partition:offset pair of numbers");
      }
    }
    return new Cursor(next);
  }

  /** The offset to start {@code partition} at. */
  long start(int partition) {
    return next.getOrDefault(partition, 0L);
  }

  /** This cursor after the event at {@code offset} of {@code partition}. */
  Cursor after(int partition, long offset) {
    TreeMap<Integer, Long> moved = new TreeMap<>(next);
    moved.merge(partition, offset + 1, Math::max);
    return new Cursor(moved);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    next.forEach(
        (partition, offset) ->
            text.append(text.isEmpty() ? "" : ",").append(partition).append(':').append(offset));
    return text.toString();
  }

  private static GatewayProblem invalid(String text, String why) {
    return GatewayProblem.badRequest(
        "invalid-position",
        "position '"
            + text
            + "' is not valid ("
            + why
            + "); use earliest, latest, or the id of the last event received, such as 0:12,1:7");
  }
}
