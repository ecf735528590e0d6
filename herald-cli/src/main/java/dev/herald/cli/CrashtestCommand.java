package dev.herald.cli;

import dev.herald.bench.BenchProgress;
import dev.herald.core.HeraldException;
import dev.herald.log.crash.CrashTestResult;
import dev.herald.log.crash.CrashTestSettings;
import dev.herald.log.crash.LogCrashHarness;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code herald crashtest log}: kills a publishing child JVM again and again and checks that the
 * log kept every acknowledged event, intact and in order per key.
 */
@Command(
    name = "crashtest",
    description = "Crash a publisher again and again and check that nothing acknowledged is lost.",
    footer = {
      "%nTargets:",
      "  log   A child JVM publishes keyed events to log:DIR?fsync=always and",
      "        reports every acknowledgement; it is killed with SIGKILL at random",
      "        moments and restarted (which recovers the log). At the end the log",
      "        is read back and checked.",
      "%nThe last line counts lost (acknowledged but not read back), unexpected,",
      "corrupt and order violations, which must all be 0, and duplicates (events",
      "in flight at a kill, stored but not acknowledged, then published again),",
      "which are allowed. The exit code is 0 when the must-be-zero counts are 0,",
      "1 otherwise.",
      "%nExamples:",
      "  herald crashtest log --cycles 100",
      "  herald crashtest log --cycles 5 --dir /tmp/crash --seed 42"
    })
final class CrashtestCommand implements Callable<Integer> {
  static final List<String> TARGETS = List.of("log");

  @Mixin HelpOption help;
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "TARGET", description = "What to crash: log.")
  String target;

  @Option(
      names = "--cycles",
      paramLabel = "N",
      defaultValue = "20",
      description = "Kill and restart the publisher N times (default: ${DEFAULT-VALUE}).")
  int cycles;

  @Option(
      names = "--keys",
      paramLabel = "K",
      defaultValue = "16",
      description = "Keys published at once, one event in flight each (default: ${DEFAULT-VALUE}).")
  int keys;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description =
          "Empty or new directory for the log, kept afterwards (default: a temporary directory,"
              + " deleted when the test passes).")
  Optional<Path> directory;

  @Option(
      names = "--seed",
      paramLabel = "SEED",
      description = "Seed of the random kill moments, to repeat a run (default: random).")
  Optional<Long> seed;

  @Override
  public Integer call() throws InterruptedException {
    Inputs.require(
        TARGETS.contains(target),
        "TARGET",
        "'"
            + target
            + "' is not a crash test target; the targets are "
            + String.join(", ", TARGETS));
    Inputs.require(cycles >= 1 && cycles <= 10_000, "--cycles", "must be from 1 to 10000");
    Inputs.require(keys >= 1 && keys <= 1000, "--keys", "must be from 1 to 1000");
    directory.ifPresent(CrashtestCommand::requireEmptyDirectory);
    Path dir = directory.orElseGet(CrashtestCommand::temporaryDirectory);
    CrashTestSettings defaults = CrashTestSettings.of(dir, cycles);
    CrashTestSettings settings =
        new CrashTestSettings(
            dir,
            cycles,
            keys,
            defaults.shortestRun(),
            defaults.longestRun(),
            seed.orElse(defaults.seed()));
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    out.printf(
        "crash test of log:%s?fsync=always: %d cycles, %d keys, seed %d%n",
        dir.resolve("log"), cycles, keys, settings.seed());
    out.flush();
    BenchProgress progress = BenchProgress.line(err, Terminal.attached());
    CrashTestResult result;
    try {
      result = LogCrashHarness.run(settings, progress::show);
    } catch (IOException e) {
      throw new HeraldException(
          "the crash test could not run in " + dir + ": " + e.getMessage(), e);
    } finally {
      progress.done();
    }
    out.println(result.summary());
    out.flush();
    if (result.passed() && directory.isEmpty()) {
      TempDirectory.deleteTree(dir);
    } else if (!result.passed()) {
      err.println("the log and the publisher's error output are kept in " + dir);
    }
    return result.passed() ? 0 : 1;
  }

  private static void requireEmptyDirectory(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    Inputs.require(Files.isDirectory(dir), "--dir", dir + " is a file; give a directory");
    try (var entries = Files.list(dir)) {
      Inputs.require(
          entries.findAny().isEmpty(),
          "--dir",
          dir + " is not empty; give a new or empty directory, the test fills it");
    } catch (IOException e) {
      throw new BadInputException("--dir: cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  private static Path temporaryDirectory() {
    return TempDirectory.create("herald-crashtest-").path();
  }
}
