package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeraldCommandTest {
  @Test
  void help_listsEveryCommandWithItsDescription() {
    Cli.Result result = Cli.run("--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("Usage: herald")
        .containsPattern("crashtest +Crash a publisher again and again")
        .containsPattern("demo +Run a small shop and watch")
        .containsPattern("publish +Publish one event")
        .containsPattern("tail +Follow a topic")
        .containsPattern("version +Print the herald version")
        .contains("2   bad input");
  }

  @ParameterizedTest
  @ValueSource(strings = {"crashtest", "demo", "publish", "tail", "version"})
  void subcommandHelp_showsItsUsage(String command) {
    Cli.Result result = Cli.run(command, "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("Usage: herald " + command).contains("--help");
  }

  @Test
  void version_printsTheProjectVersion() {
    String expected = System.getProperty("herald.expectedVersion");
    assertThat(expected).as("Maven's surefire sets herald.expectedVersion").isNotBlank();

    Cli.Result result = Cli.run("version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEqualTo("herald " + expected + System.lineSeparator());
    assertThat(Cli.run("--version").out()).isEqualTo(result.out());
  }

  @Test
  void noCommand_printsUsageAndExits2() {
    Cli.Result result = Cli.run();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Missing command").contains("Usage: herald");
  }

  @Test
  void unknownOption_printsUsageAndExits2() {
    Cli.Result result = Cli.run("version", "--nope");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Unknown option: '--nope'").contains("Usage: herald version");
  }
}
