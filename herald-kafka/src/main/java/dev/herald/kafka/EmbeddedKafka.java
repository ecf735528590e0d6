package dev.herald.kafka;

import dev.herald.core.HeraldException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) running inside
 * this JVM, listening on loopback only. For tests, for users' own tests, and for {@code herald
 * broker}. Needs {@code org.apache.kafka:kafka_2.13} on the class path.
 *
 * <p>The data directory keeps the cluster id and the ports, so a broker started again on the same
 * directory has the same address and all its data. Start it once per test class or suite, not per
 * test: startup takes a few seconds. One broker at a time per directory, in any process: a second
 * one would rewrite the running one's KRaft state, so it is refused.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final String SETTINGS_FILE = "herald-broker.properties";
  private static final String LOCK_FILE = "herald-broker.lock";

  private final Path directory;
  private final int port;
  private final KafkaRaftServer server;
  private final FileLock lock;

  private EmbeddedKafka(Path directory, int port, KafkaRaftServer server, FileLock lock) {
    this.directory = directory;
    this.port = port;
    this.server = server;
    this.lock = lock;
  }

  /** Starts a broker in {@code directory} on a free port (or the port it used before there). */
  public static EmbeddedKafka start(Path directory) {
    return start(directory, 0);
  }

  /**
   * Starts a broker in {@code directory} listening on {@code 127.0.0.1:port}; 0 picks a free port,
   * or the one the directory used before. Returns when the broker accepts clients.
   *
   * @throws HeraldException if a running broker uses the directory, the directory belongs to
   *     another broker setup, a port is taken, or the broker fails to start
   */
  public static EmbeddedKafka start(Path directory, int port) {
    FileLock lock = null;
    try {
      lock = lock(directory);
      Properties settings = loadSettings(directory);
      int brokerPort = choosePort("port", port, settings);
      int controllerPort = choosePort("controller.port", 0, settings);
      String clusterId = settings.getProperty("cluster.id", Uuid.randomUuid().toString());
      settings.setProperty("port", Integer.toString(brokerPort));
      settings.setProperty("controller.port", Integer.toString(controllerPort));
      settings.setProperty("cluster.id", clusterId);
      saveSettings(directory, settings);

      Path logs = directory.resolve("kafka-logs");
      KafkaConfig config =
          KafkaConfig.fromProps(brokerProperties(logs, brokerPort, controllerPort), false);
      if (!Files.exists(logs.resolve("meta.properties"))) {
        format(logs, clusterId);
      }
      KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
      server.startup();
      return new EmbeddedKafka(directory, brokerPort, server, lock);
    } catch (IOException e) {
      unlock(lock);
      throw new HeraldException("cannot prepare the broker directory " + directory + ": " + e, e);
    } catch (HeraldException e) {
      unlock(lock);
      throw e;
    } catch (RuntimeException e) {
      unlock(lock);
      throw new HeraldException(
          "the embedded Kafka broker in " + directory + " failed to start: " + e.getMessage(), e);
    }
  }

  /** The bootstrap address, {@code 127.0.0.1:PORT}. */
  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** The Herald transport URI, {@code kafka://127.0.0.1:PORT}. */
  public String uri() {
    return "kafka://" + bootstrapServers();
  }

  /** The port clients connect to. */
  public int port() {
    return port;
  }

  /** The data directory. */
  public Path directory() {
    return directory;
  }

  /** Stops the broker cleanly and waits until it has; the data stays in the directory. */
  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    unlock(lock);
  }

  /** Locks {@code directory} for this broker; the lock goes with the process if it dies. */
  private static FileLock lock(Path directory) throws IOException {
    Files.createDirectories(directory);
    FileChannel channel =
        FileChannel.open(
            directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return lock;
      }
    } catch (OverlappingFileLockException e) {
      // A broker in this JVM holds it.
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    channel.close();
    throw new HeraldException(
        "the broker directory "
            + directory
            + " is in use by another running broker; stop that one first or choose another"
            + " directory");
  }

  private static void unlock(FileLock lock) {
    if (lock == null) {
      return;
    }
    try {
      lock.channel().close();
    } catch (IOException e) {
      // Closing released the lock or failed; either way the process exit releases it.
    }
  }

  private static Properties brokerProperties(Path logs, int port, int controllerPort) {
    Properties p = new Properties();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.setProperty(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", logs.toString());
    p.setProperty("num.partitions", "4");
    p.setProperty("auto.create.topics.enable", "false");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "4");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("share.coordinator.state.topic.replication.factor", "1");
    p.setProperty("share.coordinator.state.topic.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    // After a crash the controller refuses the restarted broker until the old incarnation's
    // session has expired: 9 s by default, 3 s here (the heartbeat is in-process).
    p.setProperty("broker.heartbeat.interval.ms", "500");
    p.setProperty("broker.session.timeout.ms", "3000");
    p.setProperty("message.max.bytes", Integer.toString(KafkaSettings.MAX_MESSAGE_BYTES));
    p.setProperty("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
    return p;
  }

  private static void format(Path logs, String clusterId) {
    try (PrintStream quiet = new PrintStream(OutputStream.nullOutputStream())) {
      new Formatter()
          .setPrintStream(quiet)
          .setNodeId(1)
          .setClusterId(clusterId)
          .setControllerListenerName("CONTROLLER")
          .setMetadataLogDirectory(logs.toString())
          .setDirectories(List.of(logs.toString()))
          .setReleaseVersion(MetadataVersion.latestProduction())
          .run();
    } catch (Exception e) {
      throw new HeraldException("cannot format the broker's log directory " + logs + ": " + e, e);
    }
  }

  private static int choosePort(String key, int asked, Properties settings) throws IOException {
    if (asked > 0) {
      return asked;
    }
    String before = settings.getProperty(key);
    if (before != null) {
      return Integer.parseInt(before);
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static Properties loadSettings(Path directory) throws IOException {
    Properties settings = new Properties();
    Path file = directory.resolve(SETTINGS_FILE);
    if (Files.exists(file)) {
      try (InputStream in = Files.newInputStream(file)) {
        settings.load(in);
      }
    }
    return settings;
  }

  private static void saveSettings(Path directory, Properties settings) throws IOException {
    try (OutputStream out = Files.newOutputStream(directory.resolve(SETTINGS_FILE))) {
      settings.store(out, "Herald embedded Kafka broker: keeps its address across restarts");
    }
  }
}
