package dev.herald.core;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Event ids: UUID version 7 (RFC 9562), so ids sort by creation time, which keeps logs and stores
 * readable. The random bits come from {@link ThreadLocalRandom}: ids must be unique, not
 * unguessable, and {@code UUID.randomUUID()}'s shared secure random is a bottleneck on a hot
 * publish path.
 */
final class EventIds {
  private EventIds() {}

  /** A new version 7 UUID for the current time of {@code clock}. */
  static String next(Clock clock) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long millis = clock.millis() & 0xFFFF_FFFF_FFFFL;
    long high = (millis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
    long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(high, low).toString();
  }
}
