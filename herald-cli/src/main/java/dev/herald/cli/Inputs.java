package dev.herald.cli;

import dev.herald.core.HeraldException;
import dev.herald.core.spi.Names;
import java.util.function.Supplier;

/** Checks of user input that turn Herald's rejections into {@link BadInputException}s. */
final class Inputs {
  private Inputs() {}

  /** Returns what {@code value} supplies; a {@link HeraldException} becomes bad input of option. */
  static <T> T check(String option, Supplier<T> value) {
    try {
      return value.get();
    } catch (HeraldException e) {
      throw new BadInputException(option + ": " + e.getMessage(), e);
    }
  }

  /** The topic name, if Herald accepts it. */
  static String topic(String topic) {
    return check("--topic", () -> Names.check("topic", topic));
  }

  /** The consumer group name, if Herald accepts it. */
  static String group(String group) {
    return check("--group", () -> Names.check("consumer group", group));
  }

  /** Fails with bad input of {@code option} unless {@code ok}. */
  static void require(boolean ok, String option, String problem) {
    if (!ok) {
      throw new BadInputException(option + ": " + problem);
    }
  }
}
