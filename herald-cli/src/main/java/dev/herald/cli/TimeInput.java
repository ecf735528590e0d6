package dev.herald.cli;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a point in time as users type it: an RFC 3339 instant ({@code 2026-11-24T10:00:00Z}, {@code
 * 2026-11-24T11:00:00+01:00}) or a duration back from now ({@code 10m}, {@code 2h ago}, {@code 7d},
 * {@code PT90M}).
 */
final class TimeInput {
  /** How the options that take a time describe what they accept. */
  static final String FORMATS =
      "an RFC 3339 instant such as 2026-11-24T10:00:00Z, or a time back from now such as 10m,"
          + " 2h, 2h ago or 7d";

  private static final Pattern AGO = Pattern.compile("(.+?)\\s+ago", Pattern.CASE_INSENSITIVE);

  private TimeInput() {}

  /**
   * The instant {@code text} names, durations counted back from {@code now}.
   *
   * @throws BadInputException naming {@code option} if {@code text} is neither form
   */
  static Instant parse(String option, String text, Instant now) {
    String trimmed = text.trim();
    try {
      return OffsetDateTime.parse(rfc3339(trimmed), DateTimeFormatter.ISO_OFFSET_DATE_TIME)
          .toInstant();
    } catch (DateTimeParseException notAnInstant) {
      // Then it may be a duration.
    }
    Matcher ago = AGO.matcher(trimmed);
    String amount = ago.matches() ? ago.group(1) : trimmed;
    try {
      Duration back = new DurationConverter().convert(amount);
      return now.minus(back);
    } catch (TypeConversionException | ArithmeticException | DateTimeException e) {
      throw new BadInputException(option + ": '" + text + "' is not a time; give " + FORMATS, e);
    }
  }

  /** RFC 3339 allows a lower-case t and z, and a space between date and time. */
  private static String rfc3339(String text) {
    String upper = text.toUpperCase(Locale.ROOT);
    if (upper.length() > 10 && upper.charAt(10) == ' ') {
      return upper.substring(0, 10) + 'T' + upper.substring(11);
    }
    return upper;
  }
}
