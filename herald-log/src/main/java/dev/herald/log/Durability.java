package dev.herald.log;

import dev.herald.core.HeraldException;
import java.time.Duration;

/**
 * When the log transport acknowledges an append, set with {@code fsync=} in the URI. The append's
 * future completes, and consumers may see the events, only once they are durable in this sense.
 */
public sealed interface Durability {
  /**
   * Acknowledged after an fsync covers the events (the default): nothing acknowledged is lost in a
   * power failure. Concurrent appends share one fsync (group commit).
   */
  static Durability always() {
    return Always.INSTANCE;
  }

  /**
   * Acknowledged once written to the operating system's page cache: survives a crash of the
   * process, not of the machine.
   */
  static Durability never() {
    return Never.INSTANCE;
  }

  /**
   * Acknowledged once written to the page cache; a background flusher fsyncs every {@code period},
   * so a power failure loses at most about that much.
   */
  static Durability interval(Duration period) {
    return new Interval(period);
  }

  /**
   * Parses {@code always}, {@code never} or {@code interval:MS}.
   *
   * @throws HeraldException naming the accepted forms if {@code text} is none of them
   */
  static Durability parse(String text) {
    if (text.equals("always")) {
      return always();
    }
    if (text.equals("never")) {
      return never();
    }
    if (text.startsWith("interval:")) {
      try {
        long millis = Long.parseLong(text.substring("interval:".length()));
        if (millis >= 1) {
          return interval(Duration.ofMillis(millis));
        }
      } catch (NumberFormatException e) {
        // reported below with the accepted forms
      }
    }
    throw new HeraldException(
        "fsync="
            + text
            + " is not one of always, never or interval:MS (MS a whole number of milliseconds,"
            + " 1 or more), as in fsync=interval:100");
  }

  /** Acknowledged after fsync; see {@link #always()}. */
  enum Always implements Durability {
    INSTANCE;

    @Override
    public String toString() {
      return "always";
    }
  }

  /** Acknowledged after the write to the page cache; see {@link #never()}. */
  enum Never implements Durability {
    INSTANCE;

    @Override
    public String toString() {
      return "never";
    }
  }

  /**
   * Acknowledged after the write, fsynced every {@code period}; see {@link #interval(Duration)}.
   *
   * @param period time between background fsyncs, at least 1 ms
   */
  record Interval(Duration period) implements Durability {
    /** Checks the period. */
    public Interval {
      if (period == null || period.toMillis() < 1) {
        throw new HeraldException(
            "the fsync interval " + period + " is too short; give 1 ms or more");
      }
    }

    @Override
    public String toString() {
      return "interval:" + period.toMillis();
    }
  }
}
