package dev.herald.log;

import static dev.herald.log.LogTesting.TIMEOUT;
import static dev.herald.log.LogTesting.drain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.Delivery;
import dev.herald.core.Envelope;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * With {@code fsync=always}, a power failure loses nothing that was acknowledged: publishers append
 * concurrently, the power goes at a random moment, every file loses what was not forced (all of it,
 * a random part, or a sector in the middle), and the reopened log holds every acknowledged event,
 * intact and in order per key.
 */
class PowerLossTest {
  private static final String TOPIC = "t";
  private static final int PUBLISHERS = 8;

  @TempDir Path directory;

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4})
  void powerLoss_keepsEveryAcknowledgedEvent(long seed) throws Exception {
    Random random = new Random(seed);
    TestChannels channels = new TestChannels();
    LogSettings settings =
        LogSettings.parse("log:" + directory + "?partitions=2&fsync=always&segment.bytes=8192");
    Map<String, Envelope> acknowledged = new ConcurrentHashMap<>();
    // The power goes right after a random write of a segment, before its force.
    int fatalWrite = 20 + random.nextInt(300);
    AtomicInteger writes = new AtomicInteger();
    channels.hook(
        new TestChannels.Hook() {
          @Override
          public void afterWrite(Path file) {
            if (file.toString().endsWith(".log") && writes.incrementAndGet() == fatalWrite) {
              channels.losePower();
            }
          }
        });
    List<Thread> publishers = new ArrayList<>();
    try (LogTransport log = LogTransports.open(settings, Clock.systemUTC(), channels)) {
      for (int t = 0; t < PUBLISHERS; t++) {
        String key = "key-" + t;
        int batch = 1 + t % 3;
        publishers.add(
            Thread.ofPlatform()
                .start(
                    () -> {
                      for (int seq = 0; ; seq += batch) {
                        List<Envelope> events = new ArrayList<>();
                        for (int i = 0; i < batch; i++) {
                          events.add(LogTesting.event(key, key + " " + (seq + i)));
                        }
                        try {
                          log.append(TOPIC, events).join();
                        } catch (RuntimeException e) {
                          return; // the power went
                        }
                        events.forEach(e -> acknowledged.put(e.id(), e));
                      }
                    }));
      }
      for (Thread publisher : publishers) {
        publisher.join(TIMEOUT.toMillis());
        assertThat(publisher.isAlive())
            .as("a publisher still running after the power went")
            .isFalse();
      }
    }
    assertThat(channels.applyPowerLoss(random)).as("files with unforced data").isPositive();

    try (LogTransport log = LogTransports.open(LogSettings.of(directory).withPartitions(2))) {
      List<Delivery> read = drain(log, TOPIC);
      Map<String, Envelope> stored = new HashMap<>();
      Map<String, Integer> lastSeq = new HashMap<>();
      List<String> orderViolations = new ArrayList<>();
      for (Delivery delivery : read) {
        Envelope envelope = delivery.envelope();
        stored.put(envelope.id(), envelope);
        String[] parts = envelope.dataAsString().split(" ", 2);
        int seq = Integer.parseInt(parts[1]);
        Integer previous = lastSeq.put(parts[0], seq);
        if (previous != null && previous + 1 != seq) {
          orderViolations.add(envelope.dataAsString() + " after " + previous);
        }
      }
      List<String> lost =
          acknowledged.keySet().stream()
              .filter(id -> !acknowledged.get(id).equals(stored.get(id)))
              .map(id -> acknowledged.get(id).dataAsString())
              .sorted()
              .toList();
      assertThat(acknowledged).as("acknowledged events").isNotEmpty();
      assertThat(lost)
          .as("acknowledged events lost or changed; %s", log.recoveryReport())
          .isEmpty();
      assertThat(orderViolations).as("gaps or reordering within a key").isEmpty();
    }
  }
}
