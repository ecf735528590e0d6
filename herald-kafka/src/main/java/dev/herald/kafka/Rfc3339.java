package dev.herald.kafka;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Writes and parses RFC 3339 timestamps. Writing gives exactly {@code Instant.toString()} for years
 * 0 to 9999, without the formatter machinery behind it. The form Herald writes ({@code
 * Instant.toString()}: UTC with a {@code Z} and an optional fraction) is read by hand, since {@code
 * OffsetDateTime.parse} costs more than the rest of reading a record; every other form goes through
 * {@code OffsetDateTime}.
 */
final class Rfc3339 {
  private Rfc3339() {}

  /**
   * The instant {@code text} names.
   *
   * @throws DateTimeParseException if it is no RFC 3339 timestamp
   */
  static Instant parse(String text) {
    Instant fast = parseUtc(text);
    return fast != null ? fast : OffsetDateTime.parse(text).toInstant();
  }

  /** {@code instant} as {@link Instant#toString()} writes it. */
  static String format(Instant instant) {
    long epochSecond = instant.getEpochSecond();
    long epochDay = Math.floorDiv(epochSecond, 86_400);
    LocalDate date = LocalDate.ofEpochDay(epochDay);
    if (date.getYear() < 0 || date.getYear() > 9999) {
      return instant.toString();
    }
    int secondOfDay = Math.floorMod(epochSecond, 86_400);
    int nanos = instant.getNano();
    int fractionDigits = nanos == 0 ? 0 : nanos % 1_000_000 == 0 ? 3 : nanos % 1_000 == 0 ? 6 : 9;
    char[] text = new char[20 + (fractionDigits == 0 ? 0 : fractionDigits + 1)];
    put(text, 0, 4, date.getYear());
    text[4] = '-';
    put(text, 5, 2, date.getMonthValue());
    text[7] = '-';
    put(text, 8, 2, date.getDayOfMonth());
    text[10] = 'T';
    put(text, 11, 2, secondOfDay / 3600);
    text[13] = ':';
    put(text, 14, 2, secondOfDay / 60 % 60);
    text[16] = ':';
    put(text, 17, 2, secondOfDay % 60);
    if (fractionDigits > 0) {
      text[19] = '.';
      put(text, 20, fractionDigits, nanos / POWERS[9 - fractionDigits]);
    }
    text[text.length - 1] = 'Z';
    return new String(text);
  }

  /** Writes {@code value} as {@code width} decimal digits, zero-padded, at {@code from}. */
  private static void put(char[] text, int from, int width, int value) {
    int rest = value;
    for (int i = from + width - 1; i >= from; i--) {
      text[i] = (char) ('0' + rest % 10);
      rest /= 10;
    }
  }

  /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, or null when {@code text} has another form. */
  private static Instant parseUtc(String text) {
    int length = text.length();
    if (length < 20
        || length > 30
        || text.charAt(length - 1) != 'Z'
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int nanos = 0;
    if (length > 20) {
      int fractionDigits = length - 21;
      if (text.charAt(19) != '.' || fractionDigits < 1 || fractionDigits > 9) {
        return null;
      }
      int fraction = digits(text, 20, length - 1);
      if (fraction < 0) {
        return null;
      }
      nanos = fraction * POWERS[9 - fractionDigits];
    }
    if ((year | month | day | hour | minute | second) < 0
        || month < 1
        || month > 12
        || day < 1
        || hour > 23
        || minute > 59
        || second > 59) {
      return null;
    }
    if (day > LocalDate.of(year, month, 1).lengthOfMonth()) {
      return null;
    }
    long epochDay = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second, nanos);
  }

  private static final int[] POWERS = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000
  };

  /** The number in {@code text[from, to)}, or -1 if a character is no ASCII digit. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
