package dev.herald.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class Rfc3339Test {
  @Test
  void parse_readsWhatInstantToStringWrites() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 10_000; i++) {
      Instant instant =
          Instant.ofEpochSecond(
              random.nextLong(0, 253_402_300_799L), random.nextInt(1_000_000_000));
      if (i % 3 == 0) {
        instant = Instant.ofEpochMilli(instant.toEpochMilli());
      }
      assertThat(Rfc3339.parse(instant.toString())).isEqualTo(instant);
    }
  }

  @Test
  void format_writesWhatInstantToStringWrites() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    for (int i = 0; i < 10_000; i++) {
      long second = random.nextLong(-62_167_219_200L, 253_402_300_799L); // years 0 to 9999
      Instant instant =
          switch (i % 4) {
            case 0 -> Instant.ofEpochSecond(second);
            case 1 -> Instant.ofEpochSecond(second, random.nextInt(1000) * 1_000_000L);
            case 2 -> Instant.ofEpochSecond(second, random.nextInt(1_000_000) * 1_000L);
            default -> Instant.ofEpochSecond(second, random.nextInt(1_000_000_000));
          };
      assertThat(Rfc3339.format(instant)).isEqualTo(instant.toString());
    }
  }

  @Test
  void format_fallsBackBeyondFourDigitYears() {
    Instant far = Instant.parse("+12026-01-02T03:04:05Z");
    Instant before = Instant.parse("-0001-12-31T23:59:59.5Z");
    assertThat(Rfc3339.format(far)).isEqualTo(far.toString());
    assertThat(Rfc3339.format(before)).isEqualTo(before.toString());
  }

  @Test
  void parse_readsOffsetsAndLowerPrecisionLikeOffsetDateTime() {
    for (String text :
        new String[] {
          "2026-01-02T03:04:05+01:00",
          "2026-01-02T03:04:05.5Z",
          "2026-01-02T03:04:05.123456789-07:30",
          "2024-02-29T23:59:59Z"
        }) {
      assertThat(Rfc3339.parse(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }
  }

  @Test
  void parse_rejectsWhatIsNoTimestamp() {
    for (String text :
        new String[] {
          "yesterday",
          "2026-13-02T03:04:05Z",
          "2026-02-30T03:04:05Z",
          "2026-01-02T24:00:00Z",
          "2026-01-02 03:04:05Z",
          "2026-01-02T03:04:05.1234567890Z"
        }) {
      assertThatThrownBy(() -> Rfc3339.parse(text))
          .as(text)
          .isInstanceOf(DateTimeParseException.class);
    }
  }
}
