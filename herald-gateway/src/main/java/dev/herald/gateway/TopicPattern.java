package dev.herald.gateway;

import dev.herald.core.HeraldException;
import java.util.regex.Pattern;

/**
 * Names a set of topics for an {@link ApiToken}'s rights: a topic name, or a pattern where {@code
 * *} stands for any characters (dots included): {@code shop.*} matches {@code shop.order} and
 * {@code shop.order.v2}, {@code *} matches every topic.
 *
 * @param text the pattern as written
 */
public record TopicPattern(String text) {
  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._*-]+");

  /**
   * Checks the pattern.
   *
   * @throws HeraldException if it is empty or has characters a topic name cannot have
   */
  public TopicPattern {
    if (text == null || !ALLOWED.matcher(text).matches()) {
      throw new HeraldException(
          "topic pattern '"
              + text
              + "' is not valid: use a topic name, or * for any characters, such as shop.* or *");
    }
  }

  /** Whether {@code topic} is one of the topics this pattern names. */
  public boolean matches(String topic) {
    return matches(text, 0, topic, 0);
  }

  private static boolean matches(String pattern, int p, String topic, int t) {
    while (p < pattern.length()) {
      char c = pattern.charAt(p);
      if (c == '*') {
        for (int rest = t; rest <= topic.length(); rest++) {
          if (matches(pattern, p + 1, topic, rest)) {
            return true;
          }
        }
        return false;
      }
      if (t >= topic.length() || topic.charAt(t) != c) {
        return false;
      }
      p++;
      t++;
    }
    return t == topic.length();
  }

  @Override
  public String toString() {
    return text;
  }
}
