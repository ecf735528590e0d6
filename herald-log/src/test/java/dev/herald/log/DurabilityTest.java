package dev.herald.log;

import static dev.herald.log.LogTesting.TIMEOUT;
import static dev.herald.log.LogTesting.append;
import static dev.herald.log.LogTesting.drain;
import static dev.herald.log.LogTesting.event;
import static dev.herald.log.LogTesting.texts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.Delivery;
import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import dev.herald.core.Position;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When appends are acknowledged and what readers see, per durability mode, and after a failure. */
class DurabilityTest {
  private static final String TOPIC = "t";

  @TempDir Path directory;
  private final TestChannels channels = new TestChannels();

  private LogTransport open(String options) {
    LogSettings settings = LogSettings.parse("log:" + directory + "?partitions=1&" + options);
    return LogTransports.open(settings, Clock.systemUTC(), channels);
  }

  @Test
  void always_acknowledgesAndDeliversOnlyAfterTheForceCoveringTheEvent() throws Exception {
    try (LogTransport log = open("fsync=always");
        Subscription reader =
            log.subscribe(TOPIC, "reader", StartPosition.earliest(), RebalanceListener.none())) {
      CountDownLatch written = new CountDownLatch(1);
      CountDownLatch releaseForce = new CountDownLatch(1);
      channels.hook(
          new TestChannels.Hook() {
            @Override
            public void afterWrite(Path file) {
              if (file.toString().endsWith(".log")) {
                written.countDown();
              }
            }

            @Override
            public void beforeForce(Path file) {
              if (file.toString().endsWith(".log")) {
                awaitQuietly(releaseForce);
              }
            }
          });

      CompletableFuture<List<Position>> appended = log.append(TOPIC, List.of(event("k", "x")));
      assertThat(written.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      assertThat(appended).as("the append while its force is held").isNotDone();
      assertThat(reader.poll(Duration.ofMillis(200))).as("deliveries before the force").isEmpty();

      releaseForce.countDown();
      assertThat(appended).succeedsWithin(TIMEOUT);
      assertThat(texts(pollUntilAny(reader))).containsExactly("x");
    }
  }

  @Test
  void always_appendsWaitingForAForceShareTheNextOne() throws Exception {
    try (LogTransport log = open("fsync=always")) {
      log.partitions(TOPIC);
      CountDownLatch firstForceStarted = new CountDownLatch(1);
      CountDownLatch releaseForce = new CountDownLatch(1);
      channels.hook(
          new TestChannels.Hook() {
            @Override
            public void beforeForce(Path file) {
              if (file.toString().endsWith(".log")) {
                firstForceStarted.countDown();
                awaitQuietly(releaseForce);
              }
            }
          });
      int before = channels.forcesOf(".log");
      int writesBefore = writesOf(".log");
      CompletableFuture<List<Position>> first = log.append(TOPIC, List.of(event("k", "first")));
      assertThat(firstForceStarted.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      List<CompletableFuture<List<Position>>> waiting = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        waiting.add(log.append(TOPIC, List.of(event("k", "waiting " + i))));
      }

      releaseForce.countDown();
      assertThat(first).succeedsWithin(TIMEOUT);
      for (CompletableFuture<List<Position>> future : waiting) {
        assertThat(future).succeedsWithin(TIMEOUT);
      }
      assertThat(channels.forcesOf(".log") - before)
          .as("forces of the segment for 51 appends, 50 of them queued during the first force")
          .isEqualTo(2);
      assertThat(writesOf(".log") - writesBefore).as("writes for the same appends").isEqualTo(2);
    }
  }

  @Test
  void append_writesABatchWithOneCallPerPartition() throws Exception {
    try (LogTransport log =
        LogTransports.open(
            LogSettings.parse("log:" + directory + "?partitions=4"), Clock.systemUTC(), channels)) {
      log.partitions(TOPIC);
      List<Envelope> batch = new ArrayList<>();
      for (int i = 0; i < 4000; i++) {
        batch.add(event("key-" + (i % 40), "event " + i + " " + "x".repeat(200)));
      }
      int before = writesOf(".log");

      append(log, TOPIC, batch);

      assertThat(writesOf(".log") - before)
          .as("writes to segment files for one append of 4000 events (about 1 MB) to 4 partitions")
          .isEqualTo(4);
    }
  }

  private int writesOf(String suffix) {
    synchronized (channels.events) {
      return (int)
          channels.events.stream()
              .filter(e -> e.startsWith("write ") && e.endsWith(suffix))
              .count();
    }
  }

  @Test
  void never_acknowledgesWithoutForcingAndForcesOnClose() throws Exception {
    try (LogTransport log = open("fsync=never")) {
      log.partitions(TOPIC);
      int before = channels.forcesOf(".log");
      for (int i = 0; i < 20; i++) {
        append(log, TOPIC, List.of(event("k", "e" + i)));
      }
      assertThat(channels.forcesOf(".log") - before).as("forces while running").isZero();
      assertThat(drain(log, TOPIC)).hasSize(20);
    }
    assertThat(channels.forcesOf(".log")).as("forces after close").isPositive();
  }

  @Test
  void interval_acknowledgesAtOnceAndForcesInTheBackground() throws Exception {
    try (LogTransport log = open("fsync=interval:30")) {
      log.partitions(TOPIC);
      int before = channels.forcesOf(".log");
      append(log, TOPIC, List.of(event("k", "e")));
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (channels.forcesOf(".log") == before && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(channels.forcesOf(".log") - before).as("background forces").isPositive();
    }
    try (LogTransport log = open("fsync=interval:600000")) {
      int before = channels.forcesOf(".log");
      append(log, TOPIC, List.of(event("k", "e")));
      assertThat(channels.forcesOf(".log") - before).as("forces before the interval").isZero();
    }
  }

  @Test
  void newSegment_filesAndDirectoryAreForcedBeforeTheFirstWrite() throws Exception {
    try (LogTransport log = open("fsync=never&segment.bytes=1024")) {
      for (int i = 0; i < 30; i++) {
        append(log, TOPIC, List.of(event("k", "event " + i + " " + "x".repeat(40))));
      }
    }
    List<String> events = List.copyOf(channels.events);
    Path partition = directory.toRealPath().resolve(TOPIC + "-0");
    List<Path> segments = LogTesting.segmentFiles(directory, TOPIC, 0);
    assertThat(segments).hasSizeGreaterThan(2);
    for (Path segment : segments) {
      Path real = segment.toRealPath();
      Path index = Path.of(real.toString().replace(".log", ".idx"));
      int firstWrite = events.indexOf("write " + real);
      assertThat(firstWrite).as("first write of %s", real).isPositive();
      List<String> before = events.subList(0, firstWrite);
      assertThat(before)
          .as("what happened before the first write of %s", real)
          .contains("force " + real, "force " + index, "force " + partition);
      assertThat(before.lastIndexOf("force " + partition))
          .as("the directory was forced after the files were created")
          .isGreaterThan(before.indexOf("force " + real));
    }
  }

  @Test
  void failedForce_failsThatAppendAndEveryLaterOne() throws Exception {
    Envelope acknowledged = event("k", "acknowledged");
    Envelope unsynced = event("k", "unsynced");
    Envelope later = event("k", "later");
    try (LogTransport log = open("fsync=always")) {
      append(log, TOPIC, List.of(acknowledged));
      channels.hook(
          new TestChannels.Hook() {
            @Override
            public void beforeForce(Path file) throws IOException {
              if (file.toString().endsWith(".log")) {
                throw new IOException("injected: Input/output error");
              }
            }
          });

      assertFails(log.append(TOPIC, List.of(unsynced)), "injected: Input/output error");
      assertFails(log.append(TOPIC, List.of(later)), "stopped accepting events");
      assertThat(texts(drain(log, TOPIC))).as("what readers see").containsExactly("acknowledged");
    }
    channels.hook(new TestChannels.Hook() {});
    try (LogTransport log = open("fsync=always")) {
      List<String> stored = texts(drain(log, TOPIC));
      assertThat(stored).as("after reopening").contains("acknowledged").doesNotContain("later");
      assertThat(stored.get(0)).isEqualTo("acknowledged");
      append(log, TOPIC, List.of(event("k", "again")));
      assertThat(texts(drain(log, TOPIC))).endsWith("again");
    }
  }

  @Test
  void failedWrite_failsThatAppendAndEveryLaterOne() throws Exception {
    try (LogTransport log = open("fsync=never")) {
      append(log, TOPIC, List.of(event("k", "acknowledged")));
      channels.hook(
          new TestChannels.Hook() {
            @Override
            public void beforeWrite(Path file) throws IOException {
              throw new IOException("injected: No space left on device");
            }
          });
      assertFails(log.append(TOPIC, List.of(event("k", "refused"))), "No space left on device");
      assertFails(log.append(TOPIC, List.of(event("k", "later"))), "stopped accepting events");
    }
    channels.hook(new TestChannels.Hook() {});
    try (LogTransport log = open("fsync=never")) {
      assertThat(texts(drain(log, TOPIC))).containsExactly("acknowledged");
    }
  }

  private static void assertFails(CompletableFuture<List<Position>> append, String message) {
    assertThat(append)
        .failsWithin(TIMEOUT)
        .withThrowableOfType(ExecutionException.class)
        .havingCause()
        .isInstanceOf(HeraldException.class)
        .withMessageContaining("partition t/0 stopped accepting events")
        .withMessageContaining(message.equals("stopped accepting events") ? "t-0" : message);
  }

  private static List<Delivery> pollUntilAny(Subscription reader) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      List<Delivery> batch = reader.poll(Duration.ofMillis(100));
      if (!batch.isEmpty()) {
        return batch;
      }
    }
    throw new AssertionError("nothing was delivered within " + TIMEOUT);
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
