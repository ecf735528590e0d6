package dev.herald.gateway;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a point in time as {@code herald dlq} takes it: an RFC 3339 instant ({@code
 * 2026-11-24T10:00:00Z}) or a time back from now ({@code 10m}, {@code 2h ago}, {@code 7d}, {@code
 * PT90M}). Stateless.
 */
final class TimeParam {
  static final String FORMATS =
      "an RFC 3339 instant such as 2026-11-24T10:00:00Z, or a time back from now such as 10m,"
          + " 2h, 2h ago or 7d";

  private static final Pattern SHORT =
      Pattern.compile("(\\d{1,9})(ms|s|m|h|d)(\\s+ago)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern AGO = Pattern.compile("(.+?)\\s+ago", Pattern.CASE_INSENSITIVE);

  private TimeParam() {}

  /**
   * The instant {@code text} names, times back counted from {@code now}.
   *
   * @throws GatewayProblem 400 naming {@code parameter} if {@code text} is neither form
   */
  static Instant parse(String parameter, String text, Instant now) {
    String trimmed = text.trim();
    try {
      return OffsetDateTime.parse(trimmed.toUpperCase(Locale.ROOT)).toInstant();
    } catch (DateTimeParseException notAnInstant) {
      // Then it may be a time back from now.
    }
    try {
      return now.minus(back(trimmed));
    } catch (DateTimeParseException | ArithmeticException e) {
      throw GatewayProblem.badRequest(
          "invalid-parameter",
          parameter + " is '" + text + "', which is not a time; give " + FORMATS);
    }
  }

  private static Duration back(String text) {
    Matcher shortForm = SHORT.matcher(text);
    if (shortForm.matches()) {
      long amount = Long.parseLong(shortForm.group(1));
      return switch (shortForm.group(2).toLowerCase(Locale.ROOT)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }
    Matcher ago = AGO.matcher(text);
    Duration duration = Duration.parse(ago.matches() ? ago.group(1) : text);
    if (duration.isNegative()) {
      throw new ArithmeticException("a time back from now is not negative");
    }
    return duration;
  }
}
