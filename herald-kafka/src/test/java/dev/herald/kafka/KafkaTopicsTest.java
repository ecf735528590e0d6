package dev.herald.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Creating topics on first use, from several clients at once, as services starting together do. */
class KafkaTopicsTest {
  private static final int CLIENTS = 24;
  private static final int TOPICS = 30;

  @TempDir Path brokerDirectory;

  @Test
  void ensure_manyClientsCreatingOneTopicAtOnce_allGetItsPartitions() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(brokerDirectory)) {
      KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers()).withPartitions(3);
      List<KafkaTopics> clients = new ArrayList<>();
      ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
      AtomicBoolean done = new AtomicBoolean();
      List<Thread> spinners = new ArrayList<>();
      try {
        spinners.addAll(
            busy(done)); // a busy machine, as when services start together: the broker's view lags
        for (int i = 0; i < CLIENTS; i++) {
          clients.add(new KafkaTopics(settings));
        }
        for (int t = 0; t < TOPICS; t++) {
          String topic = "race-" + UUID.randomUUID();
          CountDownLatch go = new CountDownLatch(1);
          List<Future<Integer>> partitions = new ArrayList<>();
          for (KafkaTopics client : clients) {
            partitions.add(
                pool.submit(
                    () -> {
                      go.await();
                      return client.ensure(topic);
                    }));
          }
          go.countDown();
          for (Future<Integer> counted : partitions) {
            // before the fix, a client that lost the race to create it was told it did not exist
            assertThat(counted.get(60, TimeUnit.SECONDS)).as(topic).isEqualTo(3);
          }
        }
      } finally {
        done.set(true);
        for (Thread spinner : spinners) {
          spinner.join(); // the tests after this one get the cores back
        }
        pool.shutdownNow();
        clients.forEach(KafkaTopics::close);
      }
    }
  }

  /** Keeps every core busy on daemon threads until {@code done}; returns the threads. */
  private static List<Thread> busy(AtomicBoolean done) {
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < 2 * Runtime.getRuntime().availableProcessors(); i++) {
      threads.add(
          Thread.ofPlatform()
              .daemon()
              .name("busy-" + i)
              .start(
                  () -> {
                    long spins = 0;
                    while (!done.get()) {
                      spins++;
                    }
                    if (spins < 0) {
                      throw new AssertionError(); // keeps the loop from being optimised away
                    }
                  }));
    }
    return threads;
  }
}
