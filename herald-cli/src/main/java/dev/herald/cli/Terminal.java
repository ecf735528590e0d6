package dev.herald.cli;

import java.io.Console;

/** Whether this process writes to a terminal, where a status line can be rewritten in place. */
final class Terminal {
  private Terminal() {}

  @SuppressWarnings("SystemConsoleNull") // null on JDK 21; isTerminal covers JDK 22+
  static boolean attached() {
    Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      // JDK 22+ has a console even when redirected; isTerminal tells, but not on JDK 21.
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (ReflectiveOperationException e) {
      return true;
    }
  }
}
