package dev.herald.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An {@link EmbeddedKafkaMain} broker in a child JVM on one directory and port, which a test can
 * kill with SIGKILL and start again. Its standard error goes to a log file that failures quote.
 */
final class BrokerProcess implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
  private static final String END = "\u0000end of output";

  private final Path directory;
  private final int port;
  private final Path log;
  private final List<Duration> startTimes = new ArrayList<>();
  private Process process;
  private BlockingQueue<String> output = new LinkedBlockingQueue<>();

  BrokerProcess(Path directory, int port, Path log) {
    this.directory = directory;
    this.port = port;
    this.log = log;
  }

  String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** How long each start took until the broker said it was ready. */
  List<Duration> startTimes() {
    return List.copyOf(startTimes);
  }

  /** Starts the child and returns once it printed {@code ready}. */
  void start() throws IOException, InterruptedException {
    assertThat(process == null || !process.isAlive()).as("the broker is running already").isTrue();
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    long started = System.nanoTime();
    process =
        new ProcessBuilder(
                java,
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path"),
                EmbeddedKafkaMain.class.getName(),
                "--dir",
                directory.toString(),
                "--port",
                Integer.toString(port))
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    output = readLines(process);
    awaitLine("ready " + bootstrapServers(), READY_TIMEOUT);
    startTimes.add(Duration.ofNanos(System.nanoTime() - started));
  }

  /** Kills the broker with SIGKILL, as a crash would, and waits until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .as("the killed broker exited")
        .isTrue();
  }

  /** Stops the broker with SIGTERM and waits until it closed cleanly and exited. */
  void stop() throws InterruptedException {
    // Through the handle: Process.destroy() would also close our end of its standard output.
    process.toHandle().destroy();
    awaitLine("stopped", EXIT_TIMEOUT);
    assertThat(process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .as("the stopped broker exited")
        .isTrue();
  }

  /** Kills the broker if it still runs, so that a failed test leaves no process behind. */
  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      kill();
    }
  }

  private void awaitLine(String expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = output.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line != null && line.equals(expected)) {
        return;
      }
      if (line == null || line.equals(END)) {
        throw new AssertionError(
            "the broker did not print '"
                + expected
                + "' within "
                + timeout
                + (line == null ? "" : "; " + exitStatus())
                + "; the end of its log "
                + log
                + ":\n"
                + logTail());
      }
    }
  }

  private String exitStatus() throws InterruptedException {
    return process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)
        ? "it exited with " + process.exitValue()
        : "its output ended but it still runs";
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static BlockingQueue<String> readLines(Process process) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in = process.inputReader(StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // The process died; END below says so.
              }
              lines.add(END);
            },
            "broker-stdout");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }
}
