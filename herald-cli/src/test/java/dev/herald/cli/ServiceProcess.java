package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code herald run SERVICE ARGS} in a child JVM, started from the test's class path, which a test
 * can kill with SIGKILL, start again, and stop with SIGTERM as Ctrl-C would. Each serves its
 * metrics on a port of its own, so the test can tell what that process handled. Its standard error
 * goes to a log file that failures quote.
 */
final class ServiceProcess implements AutoCloseable {
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
  private static final String READY = "Press Ctrl-C to stop.";
  private static final String END = "\u0000end of output";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final String name;
  private final String service;
  private final List<String> args;
  private final Path log;
  private final List<String> header = new ArrayList<>();
  private Process process;
  private int metricsPort;
  private BlockingQueue<String> output = new LinkedBlockingQueue<>();

  /**
   * Instance {@code name} of {@code service}, run with {@code args}; its log goes in {@code logs}.
   */
  ServiceProcess(String name, String service, List<String> args, Path logs) {
    this.name = name;
    this.service = service;
    this.args = List.copyOf(args);
    this.log = logs.resolve(name + ".log");
  }

  String name() {
    return name;
  }

  /** Starts the child; {@link #awaitReady()} waits until it runs. */
  void launch() throws IOException {
    assertThat(process == null || !process.isAlive()).as(name + " runs already").isTrue();
    metricsPort = freePort();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // small and quick to start: seven of these share two cores with Kafka and PostgreSQL
    command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (option.startsWith("--enable-native-access") || option.startsWith("--sun-misc-unsafe")) {
        command.add(option);
      }
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path")));
    command.addAll(List.of(HeraldCommand.class.getName(), "run", service));
    command.addAll(args);
    command.addAll(List.of("--metrics-port", Integer.toString(metricsPort)));
    Files.writeString(
        log,
        "== " + String.join(" ", command.subList(command.indexOf("run"), command.size())) + "\n",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    process =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    output = readLines(process);
    header.clear();
  }

  /** Waits until the child printed its header and so runs; returns the header. */
  List<String> awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (header.isEmpty() || !header.get(header.size() - 1).equals(READY)) {
      String line = output.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      if (line == null || line.equals(END)) {
        throw new AssertionError(
            name + " did not start within " + READY_TIMEOUT + "; printed " + header + failure());
      }
      header.add(line);
    }
    return List.copyOf(header);
  }

  /** Where the orders API of this (orders) process listens, from its header. */
  URI ordersUri() {
    return header.stream()
        .filter(l -> l.startsWith("  Orders API "))
        .map(l -> URI.create(l.substring("  Orders API ".length()).replace("/orders", "")))
        .findFirst()
        .orElseThrow(() -> new AssertionError(name + " printed no orders API: " + header));
  }

  /** Events this process's handlers finished since it started, from its metrics. */
  long handled() {
    try {
      HttpResponse<String> metrics =
          HTTP.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
                  .timeout(Duration.ofSeconds(10))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      return Math.round(
          metrics
              .body()
              .lines()
              .filter(l -> l.startsWith("herald_events_handled_total{"))
              .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
              .sum());
    } catch (IOException e) {
      throw new UncheckedIOException(name + " serves no metrics" + failure(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Kills the child with SIGKILL, as a crash would, and waits until it is gone. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    assertThat(process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .as(name + " exited after SIGKILL")
        .isTrue();
    appendToLog("== killed with SIGKILL\n");
  }

  /** Sends the child SIGTERM, as Ctrl-C would; {@link #awaitStopped()} waits for it to exit. */
  void terminate() {
    // through the handle: Process.destroy() would also close our end of its standard output
    process.toHandle().destroy();
  }

  /**
   * Waits until the child, sent SIGTERM, exited, and returns what it printed meanwhile; asserts
   * that it exited with 0.
   */
  List<String> awaitStopped() throws InterruptedException {
    List<String> printed = new ArrayList<>();
    long deadline = System.nanoTime() + EXIT_TIMEOUT.toNanos();
    for (String line = output.poll(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        line != null && !line.equals(END);
        line = output.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
      printed.add(line);
    }
    assertThat(process.waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .as(name + " exited after SIGTERM; it printed " + printed)
        .isTrue();
    assertThat(process.exitValue()).as(name + " exit status" + failure()).isZero();
    return printed;
  }

  /** Kills the child if it still runs, so that a failed test leaves no process behind. */
  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      kill();
    }
  }

  /** The end of the child's log, for failure messages. */
  String failure() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return "; the end of its log "
          + log
          + ":\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "; its log " + log + " cannot be read: " + e;
    }
  }

  private void appendToLog(String text) {
    try {
      Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private BlockingQueue<String> readLines(Process child) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in = child.inputReader(StandardCharsets.UTF_8)) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                  lines.add(line);
                }
              } catch (IOException e) {
                // the process died; END below says so
              }
              lines.add(END);
            },
            name + "-stdout");
    reader.setDaemon(true);
    reader.start();
    return lines;
  }
}
