package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class HeraldCommandTest {
  @Test
  void help_listsEveryCommandWithItsDescription() {
    Cli.Result result = Cli.run("--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("Usage: herald")
        .containsPattern("crashtest +Crash a publisher again and again")
        .containsPattern("demo +Run the shop, every service in this process")
        .containsPattern("dlq +List, show, replay and purge a consumer group's dead letters")
        .containsPattern("publish +Publish one event")
        .containsPattern("run +Run one service of the shop in this process")
        .containsPattern("tail +Follow a topic")
        .containsPattern("version +Print the herald version")
        .contains("2   bad input");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "crashtest",
        "demo",
        "dlq",
        "dlq list",
        "dlq show",
        "dlq replay",
        "dlq purge",
        "publish",
        "run",
        "tail",
        "version"
      })
  void subcommandHelp_showsItsUsage(String command) {
    List<String> args = new ArrayList<>(List.of(command.split(" ")));
    args.add("--help");
    Cli.Result result = Cli.run(args.toArray(String[]::new));

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("Usage: herald " + command).contains("--help");
  }

  @Test
  void footers_fitTheHelpWidth_soPicocliNeverBreaksTheirLinesMidSentence() {
    List<String> tooLong = new ArrayList<>();
    collectLongFooterLines(HeraldCommand.commandLine(new HeraldCommand()), tooLong);

    assertThat(tooLong).isEmpty();
  }

  private static void collectLongFooterLines(CommandLine command, List<String> tooLong) {
    for (String line : command.getCommandSpec().usageMessage().footer()) {
      String shown = line.replace("%n", "");
      if (shown.length() > command.getCommandSpec().usageMessage().width() - 2) {
        tooLong.add(command.getCommandName() + ": " + shown);
      }
    }
    command.getSubcommands().values().forEach(sub -> collectLongFooterLines(sub, tooLong));
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
    assertThat(result.err())
        .contains(
            "Missing command: bench, broker, crashtest, demo, dlq, publish, run, tail or version")
        .contains("Usage: herald");
  }

  @Test
  void unknownOption_printsUsageAndExits2() {
    Cli.Result result = Cli.run("version", "--nope");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Unknown option: '--nope'").contains("Usage: herald version");
  }
}
