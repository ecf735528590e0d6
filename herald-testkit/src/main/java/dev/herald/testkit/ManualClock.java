package dev.herald.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock a test moves by hand, for deadlines, windows and delays without waiting. Thread-safe. */
public final class ManualClock extends Clock {
  private volatile Instant now;

  /** A clock that reads {@code start} until moved. */
  public ManualClock(Instant start) {
    this.now = start;
  }

  /** Moves the clock on by {@code duration}. */
  public void advance(Duration duration) {
    now = now.plus(duration);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
