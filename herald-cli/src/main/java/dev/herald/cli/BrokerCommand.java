package dev.herald.cli;

import dev.herald.core.HeraldException;
import dev.herald.kafka.EmbeddedKafka;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code herald broker}: runs a real single-node Kafka broker ({@link EmbeddedKafka}) in this
 * process until Ctrl-C, for local development against {@code kafka://} transports.
 */
@Command(
    name = "broker",
    description = "Run a real Kafka broker on this machine for local development.",
    footer = {
      "%nThe broker is Apache Kafka in KRaft mode, a single node listening on",
      "127.0.0.1 only. It keeps its data in --dir: started again on the same",
      "directory, it has the same topics, events and consumer group offsets.",
      "Ctrl-C stops it cleanly (exit code 0).",
      "%nExample:",
      "  herald broker --port 19092",
      "  herald publish --transport kafka://127.0.0.1:19092 --topic shop.order \\",
      "    --type shop.order.placed --key o-1 --data '{\"orderId\":\"o-1\"}'",
      "  herald tail --transport kafka://127.0.0.1:19092 --topic shop.order"
    })
final class BrokerCommand implements Callable<Integer> {
  @Mixin HelpOption help;
  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      defaultValue = "herald-broker",
      paramLabel = "DIR",
      description = "Where the broker keeps its data (default: ./${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--port",
      defaultValue = "9092",
      paramLabel = "PORT",
      description = "The port clients connect to on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
  int port;

  private final CountDownLatch stopped = new CountDownLatch(1);

  /**
   * Stops the running broker as Ctrl-C does: the broker closes cleanly and the command returns 0.
   * Before the broker runs, it makes the command stop as soon as the broker has started.
   */
  void stop() {
    stopped.countDown();
  }

  @Override
  public Integer call() throws InterruptedException {
    Inputs.require(port >= 1 && port <= 65_535, "--port", "must be from 1 to 65535, was " + port);
    Path directory = dir.toAbsolutePath().normalize();
    Inputs.require(
        !Files.exists(directory) || Files.isDirectory(directory),
        "--dir",
        directory + " is a file; give a directory");
    requireFree(port);
    quietKafkaLogs();
    PrintWriter out = spec.commandLine().getOut();
    out.println("Starting Kafka in " + directory + " ...");
    out.flush();
    try (StopSignal signal = StopSignal.onShutdown(this::stop)) {
      EmbeddedKafka kafka = EmbeddedKafka.start(directory, port);
      try {
        printHeader(out, kafka);
        stopped.await();
        out.println("Stopping the broker ...");
        out.flush();
      } finally {
        kafka.close();
      }
      out.println("Broker stopped; its data stays in " + directory);
      out.flush();
      spec.commandLine().getErr().flush();
      signal.haltIfSignalled(0);
    }
    return 0;
  }

  private static void printHeader(PrintWriter out, EmbeddedKafka kafka) {
    out.println("Kafka broker running (KRaft, single node)");
    out.println("  bootstrap  " + kafka.bootstrapServers());
    out.println("  transport  " + kafka.uri());
    out.println("  data       " + kafka.directory());
    out.println("Ctrl-C stops it.");
    out.flush();
  }

  /**
   * Kafka warns about routine steps of every start and stop (controller activation, closing its own
   * clients), which would bury the header; its errors still show, and --verbose (which sets the
   * default level to info) shows everything. slf4j-simple reads a logger's level when the logger is
   * created, which for Kafka's loggers is when the broker starts.
   */
  private static void quietKafkaLogs() {
    if (!"info".equals(System.getProperty("org.slf4j.simpleLogger.defaultLogLevel"))) {
      System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
      System.setProperty("org.slf4j.simpleLogger.log.kafka", "error");
    }
  }

  /** Fails in one line if something listens on the port already, before Kafka starts at all. */
  private static void requireFree(int port) {
    try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
      // Free; the broker binds it in a moment.
    } catch (IOException e) {
      throw new HeraldException(
          "port "
              + port
              + " on 127.0.0.1 is already in use (another broker?); pick a free one with"
              + " --port");
    }
  }
}
