package dev.herald.bench;

import dev.herald.core.Transports;
import dev.herald.core.spi.Transport;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A fresh transport for one measurement of {@link GatewayBench}: the log transport in a directory
 * of its own, or the memory transport. Closing it closes the transport and deletes the directory.
 */
final class BenchTransport implements AutoCloseable {
  /** Partitions of each topic: Herald's default. */
  static final int PARTITIONS = 4;

  private final Transport transport;
  private final Optional<Path> directory;
  private final Optional<BenchLogs> logs;

  private BenchTransport(Transport transport, Optional<Path> directory, Optional<BenchLogs> logs) {
    this.transport = transport;
    this.directory = directory;
    this.logs = logs;
  }

  /**
   * Opens {@code kind} (one of {@link GatewayBenchOptions#TRANSPORTS}); a log transport goes in a
   * directory named {@code name} of {@code logs}.
   */
  static BenchTransport open(String kind, Optional<BenchLogs> logs, String name) {
    if (kind.equals("memory")) {
      return new BenchTransport(Transports.memory(PARTITIONS), Optional.empty(), Optional.empty());
    }
    BenchLogs parent = logs.orElseThrow();
    Path directory = parent.directory(name);
    String uri = uri(kind, directory);
    try {
      return new BenchTransport(Transports.open(uri), Optional.of(directory), logs);
    } catch (RuntimeException e) {
      parent.delete(directory);
      throw e;
    }
  }

  /**
   * The URI of transport {@code kind} in {@code directory}, such as {@code log:DIR?fsync=never}.
   */
  static String uri(String kind, Path directory) {
    String fsync = kind.equals("log-always") ? "always" : "never";
    return "log:" + directory + "?partitions=" + PARTITIONS + "&fsync=" + fsync;
  }

  Transport transport() {
    return transport;
  }

  @Override
  public void close() {
    try {
      transport.close();
    } finally {
      directory.ifPresent(d -> logs.orElseThrow().delete(d));
    }
  }
}
