package dev.herald.log.crash;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What a crash test found, checked against what the publisher had acknowledged before each kill.
 *
 * @param cycles kills and restarts done
 * @param acknowledged events the publisher saw acknowledged
 * @param stored records read back after the last kill
 * @param lost acknowledged events not read back
 * @param unexpected records read back that were never published, or of a key or sequence number
 *     beyond the one in flight at a kill
 * @param corrupt records whose content was not what was published, plus damage the log reported
 * @param orderViolations events read before an earlier event of their key
 * @param duplicates records of an event read back a second time (a publish retried after a kill
 *     that had stored it without acknowledging it); allowed
 * @param repairs torn tails and offsets recovery repaired over all restarts; allowed
 * @param elapsed how long the test took
 * @param problems what went wrong besides the counts, such as a child that could not start
 */
public record CrashTestResult(
    int cycles,
    long acknowledged,
    long stored,
    long lost,
    long unexpected,
    long corrupt,
    long orderViolations,
    long duplicates,
    long repairs,
    Duration elapsed,
    List<String> problems) {
  /** Copies the list. */
  public CrashTestResult {
    problems = List.copyOf(problems);
  }

  /** True if nothing acknowledged was lost and nothing wrong was read. */
  public boolean passed() {
    return lost == 0
        && unexpected == 0
        && corrupt == 0
        && orderViolations == 0
        && problems.isEmpty()
        && acknowledged > 0;
  }

  /** One line for people, such as {@code PASS: 4 kill -9 cycles, 12,345 acknowledged, ...}. */
  public String summary() {
    return String.format(
        Locale.ROOT,
        "%s: %d kill -9 cycles, %,d acknowledged, %,d stored, %d lost, %d unexpected, %d corrupt,"
            + " %d order violations, %d duplicates, %d repairs, %.1f s%s",
        passed() ? "PASS" : "FAIL",
        cycles,
        acknowledged,
        stored,
        lost,
        unexpected,
        corrupt,
        orderViolations,
        duplicates,
        repairs,
        elapsed.toMillis() / 1000.0,
        problems.isEmpty() ? "" : "; " + String.join("; ", problems));
  }
}
