package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.spi.Transport;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import picocli.CommandLine;

/** Runs the herald command in this JVM and captures what it prints. */
final class Cli {
  private Cli() {}

  /** What one run printed and returned. */
  record Result(int exitCode, String out, String err) {
    List<String> lines() {
      return out.lines().toList();
    }
  }

  /** Runs {@code args} with transports opened the normal way, by URI. */
  static Result run(String... args) {
    return run(new HeraldCommand(), args);
  }

  /** Runs {@code args} with every --transport served by {@code transport}, left open after. */
  static Result run(Transport transport, String... args) {
    return run(new HeraldCommand(uri -> new SharedTransport(transport)), args);
  }

  static Result run(HeraldCommand command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = HeraldCommand.commandLine(command);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    return new Result(exitCode, out.toString(), err.toString());
  }

  /** Asserts that the command failed as bad input (exit 2) with {@code message}, no stack trace. */
  static void assertBadInput(Result result, String message) {
    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    assertThat(result.err()).contains(message).doesNotContain("\tat ").doesNotContain("Exception");
    assertThat(result.out()).isEmpty();
  }
}
