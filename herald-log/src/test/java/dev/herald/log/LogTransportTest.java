package dev.herald.log;

import static dev.herald.log.LogTesting.TIMEOUT;
import static dev.herald.log.LogTesting.append;
import static dev.herald.log.LogTesting.event;
import static dev.herald.log.LogTesting.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.herald.core.Delivery;
import dev.herald.core.HeraldException;
import dev.herald.core.StartPosition;
import dev.herald.core.Transports;
import dev.herald.core.spi.CommittedOffsets;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening, owning and using a log directory. */
class LogTransportTest {
  @TempDir Path directory;

  @Test
  void open_byUriThroughTheServiceLoader() {
    try (Transport transport = Transports.open("log:" + directory + "?partitions=3")) {
      assertThat(transport).isInstanceOf(LogTransport.class);
      assertThat(transport.partitions("orders")).isEqualTo(3);
      assertThat(transport.features().persistent()).isTrue();
      assertThat(transport.features().sharedAcrossProcesses()).isFalse();
    }
    assertThatThrownBy(() -> Transports.open("log:" + directory + "?partitons=3"))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("unknown option 'partitons'")
        .hasMessageContaining("partitions, fsync, segment.bytes");
  }

  @Test
  void open_refusesAFile() throws Exception {
    Path file = Files.writeString(directory.resolve("data"), "not a directory");

    assertThatThrownBy(() -> LogTransports.open(file))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining(file + " is a file, not a directory");
  }

  @Test
  void open_refusesADirectoryItCannotCreate() throws Exception {
    Path file = Files.writeString(directory.resolve("data"), "not a directory");

    assertThatThrownBy(() -> LogTransports.open(file.resolve("log")))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("cannot create the log directory " + file.resolve("log"))
        .hasMessageContaining("check that its parent exists and is writable");
  }

  @Test
  void open_refusesADirectoryItCannotWrite() throws Exception {
    Path readOnly = Files.createDirectory(directory.resolve("read-only"));
    Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
    assumeTrue(!Files.isWritable(readOnly), "this user (root?) may write to any directory");

    assertThatThrownBy(() -> LogTransports.open(readOnly))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining(readOnly + " is not writable by this user");
  }

  @Test
  void open_refusesASecondTransportOnTheSameDirectoryInThisProcess() {
    try (LogTransport first = LogTransports.open(directory)) {
      assertThatThrownBy(() -> LogTransports.open(directory.resolve(".")))
          .isInstanceOf(HeraldException.class)
          .hasMessageContaining("is already open in this process");
      append(first, "t", List.of(event("k", "still fine")));
    }
    try (LogTransport second = LogTransports.open(directory)) {
      assertThat(
              second.endOffset("t", 0)
                  + second.endOffset("t", 1)
                  + second.endOffset("t", 2)
                  + second.endOffset("t", 3))
          .isEqualTo(1);
    }
  }

  @Test
  void open_refusesADirectoryAnotherProcessHolds() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process holder =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                LockHolder.class.getName(),
                directory.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    try {
      BufferedReader output =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(output.readLine()).startsWith("holding ");

      assertThatThrownBy(() -> LogTransports.open(directory))
          .isInstanceOf(HeraldException.class)
          .hasMessageContaining("is in use by another process (pid " + holder.pid() + ")")
          .hasMessageContaining("one process at a time owns a log directory");

      holder.getOutputStream().close();
      assertThat(holder.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      try (LogTransport log = LogTransports.open(directory)) {
        assertThat(log.directory()).isEqualTo(directory.toRealPath());
      }
    } finally {
      holder.destroyForcibly();
    }
  }

  @Test
  void partitions_areKeptWithTheTopic() throws Exception {
    try (LogTransport log = LogTransports.open("log:" + directory + "?partitions=8")) {
      assertThat(log.partitions("wide")).isEqualTo(8);
    }
    assertThat(Files.readString(directory.resolve("wide.topic"))).contains("partitions=8");
    try (LogTransport log = LogTransports.open("log:" + directory + "?partitions=2")) {
      assertThat(log.partitions("wide")).as("an existing topic").isEqualTo(8);
      assertThat(log.partitions("narrow")).as("a new topic").isEqualTo(2);
    }
  }

  @Test
  void poll_wakesAtOnceWhenAnEventArrives() throws Exception {
    try (LogTransport log = LogTransports.open(directory);
        Subscription reader =
            log.subscribe("t", "reader", StartPosition.latest(), RebalanceListener.none())) {
      CompletableFuture<List<Delivery>> poll = new CompletableFuture<>();
      Thread poller =
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      poll.complete(reader.poll(Duration.ofMinutes(10)));
                    } catch (InterruptedException | RuntimeException e) {
                      poll.completeExceptionally(e);
                    }
                  });
      try {
        append(log, "t", List.of(event("k", "wake up")));
        assertThat(poll)
            .as("a 10-minute poll after an append")
            .succeedsWithin(TIMEOUT)
            .satisfies(batch -> assertThat(texts(batch)).containsExactly("wake up"));
      } finally {
        poller.interrupt();
      }
    }
  }

  @Test
  void poll_interruptedWhileReadingLeavesTheLogUsable() throws Exception {
    String uri = "log:" + directory + "?partitions=1";
    try (LogTransport log = LogTransports.open(uri)) {
      LogTesting.appendOneByOne(log, "t", 10);
    }
    try (LogTransport log = LogTransports.open(uri);
        Subscription reader =
            log.subscribe("t", "reader", StartPosition.earliest(), RebalanceListener.none())) {
      // An interrupted thread that reads a file channel closes it; it must not be the writer's.
      Thread.currentThread().interrupt();
      assertThatThrownBy(() -> reader.poll(Duration.ofMillis(100)))
          .isInstanceOf(InterruptedException.class);

      append(log, "t", List.of(event("k", "after the interrupt")));
      List<Delivery> read = new java.util.ArrayList<>();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (read.size() < 11 && System.nanoTime() < deadline) {
        read.addAll(reader.poll(Duration.ofMillis(100)));
      }
      assertThat(read).hasSize(11);
      assertThat(read.get(10).envelope().dataAsString()).isEqualTo("after the interrupt");
    }
  }

  @Test
  void commit_survivesAReopen() throws Exception {
    String options = directory + "?partitions=1";
    try (LogTransport log = LogTransports.open("log:" + options);
        Subscription group =
            log.subscribe("t", "g", StartPosition.earliest(), RebalanceListener.none())) {
      LogTesting.appendOneByOne(log, "t", 5);
      group.commit(Map.of(0, 3L));
    }
    assertThat(directory.resolve("t.groups").resolve("g.offsets")).isRegularFile();
    try (LogTransport log = LogTransports.open("log:" + options);
        Subscription group =
            log.subscribe("t", "g", StartPosition.latest(), RebalanceListener.none())) {
      List<Delivery> read = List.of();
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (read.isEmpty() && System.nanoTime() < deadline) {
        read = group.poll(Duration.ofMillis(100));
      }
      assertThat(read).extracting(Delivery::offset).containsExactly(3L, 4L);
    }
  }

  @Test
  void committedOffsets_afterAReopen_includeGroupsThatCommittedBefore() throws Exception {
    String uri = "log:" + directory + "?partitions=1";
    try (LogTransport log = LogTransports.open(uri);
        Subscription orders =
            log.subscribe("orders", "billing", StartPosition.earliest(), RebalanceListener.none());
        Subscription idle =
            log.subscribe("orders", "idle", StartPosition.earliest(), RebalanceListener.none());
        Subscription audit =
            log.subscribe("audit", "auditor", StartPosition.earliest(), RebalanceListener.none())) {
      LogTesting.appendOneByOne(log, "orders", 5);
      LogTesting.appendOneByOne(log, "audit", 2);
      orders.commit(Map.of(0, 3L));
      audit.commit(Map.of(0, 2L));
    }

    try (LogTransport log = LogTransports.open(uri)) {
      assertThat(log.topics()).as("topics").isEqualTo(Optional.of(Set.of("orders", "audit")));
      assertThat(log.committedOffsets())
          .as("committed offsets, with no subscription open")
          .hasValueSatisfying(
              all ->
                  assertThat(all)
                      .containsExactlyInAnyOrder(
                          new CommittedOffsets("billing", "orders", Map.of(0, 3L)),
                          new CommittedOffsets("auditor", "audit", Map.of(0, 2L))));
    }
  }

  @Test
  void append_afterCloseFailsAndSaysSo() {
    LogTransport log = LogTransports.open(directory);
    log.partitions("t");
    log.close();

    assertThat(log.append("t", List.of(event("k", "late"))))
        .failsWithin(TIMEOUT)
        .withThrowableThat()
        .havingRootCause()
        .isInstanceOf(HeraldException.class)
        .withMessageContaining("closed");
  }

  @Test
  void append_refusesAnEventAboveEightMebibytesAndStoresNothing() {
    try (LogTransport log = LogTransports.open(directory)) {
      CompletableFuture<?> refused =
          log.append(
              "t",
              List.of(
                  event("k", "small"),
                  event("k", "big").toBuilder().data(new byte[(8 << 20) + 1]).build()));

      assertThat(refused)
          .failsWithin(TIMEOUT)
          .withThrowableThat()
          .havingRootCause()
          .isInstanceOf(HeraldException.class)
          .withMessageContaining("8388609 bytes of data; the log transport takes at most 8388608");
      for (int p = 0; p < log.partitions("t"); p++) {
        assertThat(log.endOffset("t", p)).isZero();
      }
    }
  }
}
