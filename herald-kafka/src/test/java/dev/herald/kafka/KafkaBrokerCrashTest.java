package dev.herald.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.EventBus;
import dev.herald.core.spi.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker process is killed with SIGKILL under keyed publish load and started again on the same
 * directory and port, several times; then a fresh consumer group reads the topic from the start.
 *
 * <p>What must hold, and why it is exactly this: every acknowledged event is read (publish returns
 * only once the broker has the event, and a killed process loses nothing the kernel already has).
 * Per key the first occurrences come in publish order, and a duplicate never comes after a later
 * event of its key: each key has one event in flight, so all attempts of event n are over before
 * event n + 1 is sent, and the idempotent producer's epoch fences a stale attempt. Duplicates
 * themselves are allowed (a publish that failed may have been stored, and its retry stores it
 * again) and are reported. {@code -Dherald.crash.kills=N -Dherald.crash.acksPerPhase=M} runs
 * longer.
 */
class KafkaBrokerCrashTest {
  private static final int KEYS = 50;
  private static final int KILLS = Integer.getInteger("herald.crash.kills", 3);
  private static final int ACKS_PER_PHASE = Integer.getInteger("herald.crash.acksPerPhase", 5000);
  private static final Duration PHASE_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration LOAD_LIMIT = PHASE_TIMEOUT.multipliedBy(KILLS + 2L);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  @Test
  void brokerKilledUnderLoad_losesNoAcknowledgedEventAndKeepsOrderPerKey(@TempDir Path dir)
      throws Exception {
    long started = System.nanoTime();
    try (BrokerProcess broker =
        new BrokerProcess(dir.resolve("broker"), freePort(), dir.resolve("broker.log"))) {
      broker.start();
      Map<String, Long> acknowledged;
      long retries;
      Map<String, String> failures;
      Duration longestWait;
      int kills = 0;
      try (Transport transport = KafkaTransports.open(loadSettings(broker.bootstrapServers()));
          EventBus bus = EventBus.builder("crash-load").transport(transport).build();
          KeyedLoad load = KeyedLoad.start(bus, KEYS, LOAD_LIMIT)) {
        for (int i = 0; i < KILLS; i++) {
          awaitMoreAcks(load);
          broker.kill();
          kills++;
          broker.start();
        }
        awaitMoreAcks(load);
        load.stop(STOP_TIMEOUT);
        acknowledged = load.acknowledgedPerKey();
        retries = load.retries();
        failures = load.failures();
        longestWait = load.longestWait();
      }

      PerKeyAudit.Result result = readBack(broker.bootstrapServers()).check(acknowledged);
      broker.stop();

      System.out.printf(
          "Kafka broker crash: acknowledged=%d lost=%d orderViolations=%d duplicates=%d"
              + " (late %d) unacknowledgedStored=%d redelivered=%d kills=%d retries=%d"
              + " longestAckWait=%dms brokerStarts=%s total=%ds%n",
          result.acknowledged(),
          result.lost(),
          result.orderViolations(),
          result.duplicates(),
          result.lateDuplicates(),
          result.unacknowledgedStored(),
          result.redelivered(),
          kills,
          retries,
          longestWait.toMillis(),
          broker.startTimes().stream().map(d -> d.toMillis() + "ms").toList(),
          TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
      System.out.println("Kafka broker crash: failed publishes by cause: " + failures);

      assertThat(kills).isEqualTo(KILLS);
      assertThat(result.acknowledged()).isGreaterThanOrEqualTo((KILLS + 1L) * ACKS_PER_PHASE);
      assertThat(result.lost()).as("acknowledged events lost").isZero();
      assertThat(result.orderViolations()).as("per-key order violations").isZero();
      assertThat(result.lateDuplicates()).as("duplicates after a later event of the key").isZero();
    }
  }

  /**
   * Producer settings that fail a publish the broker has not acknowledged within a few seconds, so
   * that a restart makes some publishes fail: the test's own retries (and the duplicates they can
   * make) are exercised, not only the producer's internal retries.
   */
  private static KafkaSettings loadSettings(String bootstrapServers) {
    return new KafkaSettings(
        bootstrapServers,
        4,
        (short) 1,
        Map.of("delivery.timeout.ms", "3000", "request.timeout.ms", "2000", "max.block.ms", "3000"),
        Map.of(),
        Map.of());
  }

  private static void awaitMoreAcks(KeyedLoad load) throws InterruptedException {
    long target = load.acknowledged() + ACKS_PER_PHASE;
    assertThat(load.awaitAcknowledged(target, PHASE_TIMEOUT))
        .as("%d events acknowledged within %s (got %d)", target, PHASE_TIMEOUT, load.acknowledged())
        .isTrue();
  }

  /** Reads the whole topic with a new consumer group, up to the end offsets it has now. */
  private static PerKeyAudit readBack(String bootstrapServers) throws Exception {
    PerKeyAudit audit = new PerKeyAudit();
    try (Transport transport = KafkaTransports.open(bootstrapServers);
        EventBus reader =
            EventBus.builder("crash-check")
                .group("crash-check-" + UUID.randomUUID())
                .transport(transport)
                .build()) {
      Map<Integer, Long> ends = endOffsets(bootstrapServers, transport.partitions(KeyedLoad.TOPIC));
      reader.on(
          KeyedLoad.Published.class,
          (event, context) ->
              audit.read(
                  event.key(),
                  event.seq(),
                  context.position().partition(),
                  context.position().offset()));
      reader.start();
      assertThat(audit.awaitEnd(ends, READ_TIMEOUT.toMillis()))
          .as("the new group read the topic up to %s within %s", ends, READ_TIMEOUT)
          .isTrue();
    }
    return audit;
  }

  private static Map<Integer, Long> endOffsets(String bootstrapServers, int partitions)
      throws Exception {
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    for (int p = 0; p < partitions; p++) {
      latest.put(new TopicPartition(KeyedLoad.TOPIC, p), OffsetSpec.latest());
    }
    Map<Integer, Long> ends = new TreeMap<>();
    try (Admin admin =
        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
      admin
          .listOffsets(latest)
          .all()
          .get(30, TimeUnit.SECONDS)
          .forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
    }
    return ends;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
