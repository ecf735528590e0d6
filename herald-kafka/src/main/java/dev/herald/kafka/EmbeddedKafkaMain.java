package dev.herald.kafka;

import dev.herald.core.HeraldException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Runs an {@link EmbeddedKafka} broker as a process of its own, for fault tests that kill it:
 * {@code java -cp ... dev.herald.kafka.EmbeddedKafkaMain --dir D --port P}.
 *
 * <p>Prints {@code ready 127.0.0.1:PORT} on standard output once the broker accepts clients. On
 * SIGTERM (or any JVM shutdown) it closes the broker cleanly and prints {@code stopped}; SIGKILL
 * leaves the directory as a crash would. Exit codes: 2 bad arguments, 1 the broker failed to start.
 */
final class EmbeddedKafkaMain {
  private EmbeddedKafkaMain() {}

  public static void main(String[] args) throws InterruptedException {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Path directory = null;
    int port = -1;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--dir" -> directory = Path.of(args[i + 1]);
        case "--port" -> port = parsePort(args[i + 1]);
        default -> usage("unknown option " + args[i]);
      }
    }
    if (directory == null || port < 0 || args.length % 2 != 0) {
      usage("expected --dir DIR --port PORT");
    }
    EmbeddedKafka kafka;
    try {
      kafka = EmbeddedKafka.start(directory, port);
    } catch (HeraldException e) {
      System.err.println("EmbeddedKafkaMain: " + e.getMessage());
      System.exit(1);
      return;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  kafka.close();
                  out.println("stopped");
                  stopped.countDown();
                },
                "embedded-kafka-stop"));
    out.println("ready " + kafka.bootstrapServers());
    stopped.await();
  }

  private static int parsePort(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    usage("--port " + value + " must be a port number from 0 to 65535");
    return -1;
  }

  private static void usage(String problem) {
    System.err.println("EmbeddedKafkaMain: " + problem);
    System.err.println("usage: EmbeddedKafkaMain --dir DIR --port PORT (0 picks a free port)");
    System.exit(2);
  }
}
