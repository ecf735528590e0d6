package dev.herald.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventIdsTest {
  @Test
  void next_isAVersion7UuidCarryingTheClockTime() {
    Instant now = Instant.parse("2026-11-24T07:30:00.123Z");
    UUID id = UUID.fromString(EventIds.next(Clock.fixed(now, ZoneOffset.UTC)));
    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(now.toEpochMilli());
  }

  @Test
  void next_isUniqueAndSortsByTime() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      ids.add(EventIds.next(Clock.systemUTC()));
    }
    assertThat(ids).hasSize(100_000);
    String earlier =
        EventIds.next(Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
    String later =
        EventIds.next(Clock.fixed(Instant.parse("2026-01-01T00:00:01Z"), ZoneOffset.UTC));
    assertThat(earlier).isLessThan(later);
  }
}
