package dev.herald.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.Delivery;
import dev.herald.core.Envelope;
import dev.herald.core.StartPosition;
import dev.herald.core.Transports;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class BrokerCommandTest {
  private static final Duration STARTUP = Duration.ofSeconds(60);
  private static final Duration SHUTDOWN = Duration.ofSeconds(60);

  @TempDir Path dir;
  private final ExecutorService background = Executors.newCachedThreadPool();
  private final List<Running> running = new ArrayList<>();

  @AfterEach
  void stopBrokers() throws Exception {
    for (Running broker : running) {
      broker.command.stop();
      broker.exit.get(SHUTDOWN.toSeconds(), TimeUnit.SECONDS);
    }
    background.shutdownNow();
  }

  @Test
  void broker_servesEventsAndKeepsThemAcrossARestart() throws Exception {
    Path data = dir.resolve("data");
    int port = freePort();
    String uri = "kafka://127.0.0.1:" + port;
    Envelope event =
        Envelope.builder()
            .id("e-1")
            .source("broker-test")
            .type("test.thing.happened")
            .extension(Envelope.PARTITION_KEY, "k-1")
            .data("{\"n\":1}")
            .build();

    Running first = start(data, port);
    assertThat(first.awaitHeader())
        .contains(
            "  bootstrap  127.0.0.1:" + port,
            "  transport  " + uri,
            "  data       " + data,
            "Ctrl-C stops it.");
    try (Transport transport = Transports.open(uri)) {
      transport.append("broker.test", List.of(event)).get(30, TimeUnit.SECONDS);
      assertThat(readOne(transport, "first-reader").id()).isEqualTo("e-1");
    }
    assertThat(first.stop()).contains("Broker stopped; its data stays in " + data);
    freePortCheck(port);

    Running second = start(data, port);
    assertThat(second.awaitHeader()).contains("  transport  " + uri);
    try (Transport transport = Transports.open(uri)) {
      Envelope kept = readOne(transport, "second-reader");
      assertThat(kept.id()).isEqualTo("e-1");
      assertThat(new String(kept.data(), StandardCharsets.UTF_8)).isEqualTo("{\"n\":1}");
    }
    assertThat(second.stop()).contains("Broker stopped; its data stays in " + data);
  }

  @Test
  void broker_directoryInUse_exits1AndLeavesTheRunningBrokerAlone() throws Exception {
    Path data = dir.resolve("data");
    int port = freePort();
    Running first = start(data, port);
    first.awaitHeader();
    String settings = Files.readString(data.resolve("herald-broker.properties"));

    Cli.Result second = Cli.run("broker", "--dir", data.toString(), "--port", "" + freePort());

    assertThat(second.exitCode()).as(second.err()).isEqualTo(1);
    assertThat(second.err().lines())
        .containsExactly(
            "herald broker: the broker directory "
                + data
                + " is in use by another running broker; stop that one first or choose another"
                + " directory");
    assertThat(Files.readString(data.resolve("herald-broker.properties"))).isEqualTo(settings);
    try (Transport transport = Transports.open("kafka://127.0.0.1:" + port)) {
      assertThat(transport.partitions("broker.test")).isPositive();
    }
    assertThat(first.stop()).contains("Broker stopped; its data stays in " + data);
  }

  @Test
  void broker_portInUse_saysSoInOneLineAndExits1() throws IOException {
    Path data = dir.resolve("data");
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      Cli.Result result = Cli.run("broker", "--dir", data.toString(), "--port", "" + port);

      assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
      assertThat(result.err().lines())
          .containsExactly(
              "herald broker: port "
                  + port
                  + " on 127.0.0.1 is already in use (another broker?); pick a free one with"
                  + " --port");
      assertThat(result.out()).isEmpty();
      assertThat(data).doesNotExist();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "65536", "-1"})
  void broker_portOutOfRange_exits2(String port) {
    Cli.Result result = Cli.run("broker", "--dir", dir.toString(), "--port", port);

    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    assertThat(result.err())
        .contains("herald broker: --port: must be from 1 to 65535, was " + port)
        .doesNotContain("\tat ");
    assertThat(result.out()).isEmpty();
  }

  @Test
  void broker_portNotANumber_exits2() {
    Cli.Result result = Cli.run("broker", "--port", "ninety");

    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    assertThat(result.err()).contains("Invalid value for option '--port': 'ninety' is not an int");
  }

  @Test
  void broker_dirIsAFile_exits2() throws IOException {
    Path file = Files.writeString(dir.resolve("file"), "not a directory");

    Cli.Result result = Cli.run("broker", "--dir", file.toString(), "--port", "" + freePort());

    assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
    assertThat(result.err()).contains("herald broker: --dir: " + file + " is a file");
  }

  @Test
  void help_showsTheDefaults() {
    Cli.Result result = Cli.run("broker", "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .startsWith("Usage: herald broker")
        .contains("(default: ./herald-broker)")
        .contains("(default: 9092)");
  }

  /** Reads {@code broker.test} from the start with a new group until one event arrives. */
  private static Envelope readOne(Transport transport, String group) throws InterruptedException {
    try (Subscription subscription =
        transport.subscribe(
            "broker.test", group, StartPosition.earliest(), RebalanceListener.none())) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        List<Delivery> batch = subscription.poll(Duration.ofMillis(500));
        if (!batch.isEmpty()) {
          assertThat(batch).hasSize(1);
          return batch.get(0).envelope();
        }
      }
    }
    throw new AssertionError("nothing arrived on broker.test within 30 s");
  }

  /** The closed broker let go of its port. */
  private static void freePortCheck(int port) throws IOException {
    try (ServerSocket again = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      assertThat(again.getLocalPort()).isEqualTo(port);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  /** Runs {@code herald broker} on a background thread, as {@code herald} runs it. */
  private Running start(Path data, int port) {
    CommandLine commandLine = HeraldCommand.commandLine(new HeraldCommand());
    Lines out = new Lines();
    StringWriter err = new StringWriter();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    BrokerCommand command = commandLine.getSubcommands().get("broker").getCommand();
    Future<Integer> exit =
        background.submit(
            () -> commandLine.execute("broker", "--dir", data.toString(), "--port", "" + port));
    Running broker = new Running(command, exit, out.lines, err);
    running.add(broker);
    return broker;
  }

  /** A broker command running in the background. */
  private final class Running {
    final BrokerCommand command;
    final Future<Integer> exit;
    final BlockingQueue<String> lines;
    final StringWriter err;

    Running(
        BrokerCommand command,
        Future<Integer> exit,
        BlockingQueue<String> lines,
        StringWriter err) {
      this.command = command;
      this.exit = exit;
      this.lines = lines;
      this.err = err;
    }

    /** The lines printed up to and including "Ctrl-C stops it.". */
    List<String> awaitHeader() throws InterruptedException {
      List<String> header = new ArrayList<>();
      long deadline = System.nanoTime() + STARTUP.toNanos();
      while (header.isEmpty() || !header.get(header.size() - 1).equals("Ctrl-C stops it.")) {
        String line = lines.poll(200, TimeUnit.MILLISECONDS);
        if (line != null) {
          header.add(line);
        } else if (exit.isDone() || System.nanoTime() > deadline) {
          throw new AssertionError(
              "the broker printed no address within " + STARTUP + ": " + header + "; " + err);
        }
      }
      return header;
    }

    /** Stops it through the command's stop path; returns what it printed while stopping. */
    List<String> stop() throws Exception {
      command.stop();
      assertThat(exit.get(SHUTDOWN.toSeconds(), TimeUnit.SECONDS)).as(err.toString()).isZero();
      running.remove(this);
      List<String> rest = new ArrayList<>();
      lines.drainTo(rest);
      return rest;
    }
  }

  /** Output split into lines as they are printed. */
  private static final class Lines extends Writer {
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public synchronized void write(char[] buffer, int offset, int length) {
      for (int i = offset; i < offset + length; i++) {
        char c = buffer[i];
        if (c == '\n') {
          lines.add(partial.toString());
          partial.setLength(0);
        } else if (c != '\r') {
          partial.append(c);
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
