package dev.herald.core.spi;

import dev.herald.core.HeraldException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** The rule for topic and consumer group names, shared by every transport. */
public final class Names {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");
  private static final int MAX_REMEMBERED = 10_000;

  // Names are checked on every append; a service uses a handful, so remember the good ones.
  private static final Set<String> VALID = ConcurrentHashMap.newKeySet();

  private Names() {}

  /**
   * Returns {@code name} if it is 1 to 200 letters, digits, '.', '_' or '-'.
   *
   * @param what what the name is for, such as "topic" or "consumer group"
   * @throws HeraldException saying what is wrong otherwise
   */
  public static String check(String what, String name) {
    if (name != null && VALID.contains(name)) {
      return name;
    }
    if (name == null || !NAME.matcher(name).matches()) {
      throw new HeraldException(
          what + " name '" + name + "' is invalid; use 1 to 200 letters, digits, '.', '_' or '-'");
    }
    if (VALID.size() < MAX_REMEMBERED) {
      VALID.add(name);
    }
    return name;
  }
}
