package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrashtestCommandTest {
  @TempDir Path temp;

  @Test
  void crashtestLog_killsThePublisherAndFindsNothingLost() {
    Path dir = temp.resolve("crash");

    Cli.Result result =
        Cli.run("crashtest", "log", "--cycles", "2", "--keys", "4", "--dir", dir.toString());

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.out())
        .startsWith("crash test of log:" + dir.resolve("log") + "?fsync=always: 2 cycles, 4 keys")
        .containsPattern("PASS: 2 kill -9 cycles, [\\d,]+ acknowledged, [\\d,]+ stored, 0 lost,")
        .contains("0 unexpected, 0 corrupt, 0 order violations");
    assertThat(result.err()).containsPattern("cycle \\d/2: killed the publisher");
    assertThat(dir.resolve("log")).as("a --dir is kept").isDirectory();
  }

  @Test
  void crashtest_unknownTarget_namesTheTargets() {
    Cli.assertBadInput(
        Cli.run("crashtest", "kafka"),
        "TARGET: 'kafka' is not a crash test target; the targets are log");
  }

  @Test
  void crashtestLog_zeroCycles_isBadInput() {
    Cli.assertBadInput(Cli.run("crashtest", "log", "--cycles", "0"), "--cycles: must be from 1");
  }

  @Test
  void crashtestLog_nonEmptyDirectory_isBadInput() throws IOException {
    Files.writeString(temp.resolve("precious.txt"), "keep me");

    Cli.assertBadInput(
        Cli.run("crashtest", "log", "--dir", temp.toString()),
        "--dir: " + temp + " is not empty; give a new or empty directory");
    assertThat(temp.resolve("precious.txt")).hasContent("keep me");
  }

  @Test
  void crashtestLog_directoryIsAFile_isBadInput() throws IOException {
    Path file = Files.writeString(temp.resolve("file"), "x");

    Cli.assertBadInput(
        Cli.run("crashtest", "log", "--dir", file.toString()), "is a file; give a directory");
  }
}
