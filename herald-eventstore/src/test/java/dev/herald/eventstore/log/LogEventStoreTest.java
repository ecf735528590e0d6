package dev.herald.eventstore.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.HeraldException;
import dev.herald.core.Position;
import dev.herald.eventstore.AppendResult;
import dev.herald.eventstore.Direction;
import dev.herald.eventstore.EventStore;
import dev.herald.eventstore.EventSubscription;
import dev.herald.eventstore.ExpectedVersion;
import dev.herald.eventstore.NewEvent;
import dev.herald.eventstore.RecordedEvent;
import dev.herald.eventstore.RecordingListener;
import dev.herald.eventstore.StreamFilter;
import dev.herald.log.Durability;
import dev.herald.log.LogSettings;
import dev.herald.log.LogTransport;
import dev.herald.log.LogTransports;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the log backend adds to the contract: torn appends, the record layout, log failures. */
class LogEventStoreTest {
  @TempDir Path directory;

  private LogSettings settings() {
    return LogSettings.of(directory).withDurability(Durability.never());
  }

  private EventStore open() {
    return LogEventStore.open(settings());
  }

  private static NewEvent event(String data, Map<String, String> metadata) {
    return new NewEvent(
        UUID.randomUUID().toString(),
        "test.happened",
        data.getBytes(StandardCharsets.UTF_8),
        metadata);
  }

  private static List<NewEvent> events(String prefix, int count) {
    List<NewEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(event(prefix + i, Map.of()));
    }
    return events;
  }

  private static List<String> data(List<RecordedEvent> events) {
    return events.stream().map(RecordedEvent::dataAsString).toList();
  }

  private static List<String> ids(List<NewEvent> events) {
    return events.stream().map(NewEvent::id).toList();
  }

  /** Where each record of a segment file starts, and the file's end last. */
  private static List<Long> recordStarts(Path segment) throws IOException {
    List<Long> starts = new ArrayList<>();
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
      ByteBuffer length = ByteBuffer.allocate(4);
      for (long at = 0; at < channel.size(); at += length.getInt(0) + 4L) {
        starts.add(at);
        length.clear();
        channel.read(length, at);
      }
      starts.add(channel.size());
    }
    return starts;
  }

  @Test
  void open_ignoresAnAppendACrashCutShort_andItsIdsAndVersionsAreFreeAgain() throws Exception {
    List<NewEvent> torn = events("b", 3);
    Path segment;
    try (EventStore store = open()) {
      store.append("order-a", ExpectedVersion.noStream(), events("a", 2));
      store.append("order-b", ExpectedVersion.noStream(), torn);
      segment =
          directory
              .resolve(EventRecords.TOPIC + "-" + ((LogEventStore) store).partition())
              .resolve("00000000000000000000.log");
    }
    List<Long> records = recordStarts(segment); // a0 a1 b0 b1 b2, end
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      channel.truncate(records.get(3) + 10); // b0 whole, b1 cut short: a crash mid-write
    }
    Files.delete(directory.resolve("herald.clean")); // as after a crash

    try (LogTransport log = LogTransports.open(settings());
        EventStore store = LogEventStore.open(log)) {
      assertThat(log.recoveryReport().repairs()).hasSize(1);
      assertThat(log.recoveryReport().bytesDropped()).as("the piece of b1").isEqualTo(10);
      assertThat(store.version("order-b")).isEqualTo(-1);
      assertThat(store.read("order-b", 0, Direction.FORWARDS, 10)).isEmpty();
      assertThat(data(store.readAll(0, 100))).containsExactly("a0", "a1");
      assertThat(store.lastPosition()).isEqualTo(1);

      RecordingListener listener = new RecordingListener();
      try (EventSubscription subscription = store.subscribe(StreamFilter.all(), 0, listener)) {
        assertThat(data(listener.take(2))).containsExactly("a0", "a1");
        listener.awaitCaughtUp();
        AppendResult again = store.append("order-b", ExpectedVersion.noStream(), torn);
        assertThat(again).isEqualTo(new AppendResult(2, 5)); // after the torn record at 2
        assertThat(data(listener.take(3))).containsExactly("b0", "b1", "b2");
      }
    }

    try (EventStore store = open()) {
      List<RecordedEvent> read = store.read("order-b", 0, Direction.FORWARDS, 10);
      assertThat(read).extracting(RecordedEvent::id).containsExactlyElementsOf(ids(torn));
      assertThat(read).extracting(RecordedEvent::version).containsExactly(0L, 1L, 2L);
      assertThat(read).extracting(RecordedEvent::position).containsExactly(3L, 4L, 5L);
      assertThat(store.readAll(0, 100))
          .extracting(RecordedEvent::position)
          .containsExactly(0L, 1L, 3L, 4L, 5L);
      assertThat(store.append("order-b", ExpectedVersion.exactly(2), events("c", 1)))
          .isEqualTo(new AppendResult(3, 6));
    }
  }

  @Test
  void append_refusesMetadataTheLogCannotCarry_andStoresNothing() {
    Map<String, String> tooMany = new HashMap<>();
    for (int i = 0; i < 60; i++) {
      tooMany.put("m" + i, "v");
    }
    Map<Map<String, String>, String> refused = new java.util.LinkedHashMap<>();
    refused.put(Map.of("correlation-id", "c"), "metadata named 'correlation-id'");
    refused.put(Map.of("Correlation", "c"), "metadata named 'Correlation'");
    refused.put(Map.of("x".repeat(19), "c"), "1 to 18 lower-case letters or digits");
    refused.put(Map.of("", "c"), "metadata named ''");
    refused.put(Map.of("big", "x".repeat(4097)), "4097 characters");
    refused.put(tooMany, "60 metadata entries");
    try (EventStore store = open()) {
      store.append("order-0", ExpectedVersion.noStream(), events("e", 1));
      long last = store.lastPosition();

      refused.forEach(
          (metadata, problem) -> {
            NewEvent bad = event("bad", metadata);
            assertThatThrownBy(
                    () ->
                        store.append(
                            "order-1",
                            ExpectedVersion.any(),
                            List.of(event("fine", Map.of()), bad)))
                .isInstanceOf(HeraldException.class)
                .hasMessageContaining(bad.id())
                .hasMessageContaining(problem)
                .hasMessageContaining("nothing of the append was stored");
          });
      NewEvent badType =
          new NewEvent("id-1", "test\nhappened", new byte[0], Map.of("correlationid", "c"));
      assertThatThrownBy(() -> store.append("order-1", ExpectedVersion.any(), List.of(badType)))
          .isInstanceOf(HeraldException.class)
          .hasMessageContaining("control character in its type");

      assertThat(store.version("order-1")).isEqualTo(-1);
      assertThat(store.lastPosition()).isEqualTo(last);
    }
  }

  @Test
  void metadata_namedLikeTheStoresOwnFields_neitherCollidesNorChangesThem() {
    Map<String, String> metadata =
        Map.of("esstream", "order-x", "esversion", "7", "partitionkey", "p", "correlationid", "c");
    try (EventStore store = open()) {
      store.append("order-1", ExpectedVersion.noStream(), List.of(event("e", metadata)));
      store.append("order-1", ExpectedVersion.exactly(0), List.of(event("f", metadata)));
    }
    try (EventStore store = open()) {
      List<RecordedEvent> read = store.read("order-1", 0, Direction.FORWARDS, 10);
      assertThat(read).extracting(RecordedEvent::version).containsExactly(0L, 1L);
      assertThat(read).allSatisfy(e -> assertThat(e.stream()).isEqualTo("order-1"));
      assertThat(read).allSatisfy(e -> assertThat(e.metadata()).isEqualTo(metadata));
      assertThat(store.version("order-x")).isEqualTo(-1);
    }
  }

  @Test
  void anAppendTheLogTookAndThenFailed_isNotAcknowledged_andLeavesNoVersionToBuildOn()
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (LogTransport log = LogTransports.open(settings())) {
      HoldingTransport transport = new HoldingTransport(log);
      try (EventStore store = LogEventStore.open(transport)) {
        store.append("order-1", ExpectedVersion.noStream(), events("kept", 1));
        transport.holding = true;
        List<NewEvent> lost = events("lost", 1);
        Future<AppendResult> first =
            pool.submit(() -> store.append("order-1", ExpectedVersion.exactly(0), lost));
        CompletableFuture<List<Position>> firstHeld = transport.held.poll(20, TimeUnit.SECONDS);
        Future<AppendResult> second =
            pool.submit(
                () -> store.append("order-1", ExpectedVersion.exactly(1), events("on-lost", 1)));
        CompletableFuture<List<Position>> secondHeld = transport.held.poll(20, TimeUnit.SECONDS);
        assertThat(secondHeld).as("the second append, built on the first").isNotNull();

        IOException diskFull = new IOException("No space left on device");
        firstHeld.completeExceptionally(diskFull);
        secondHeld.completeExceptionally(diskFull);

        assertThatThrownBy(() -> first.get(20, TimeUnit.SECONDS))
            .hasCauseInstanceOf(HeraldException.class)
            .hasMessageContaining("No space left on device")
            .hasMessageContaining("not acknowledged");
        assertThatThrownBy(() -> second.get(20, TimeUnit.SECONDS))
            .hasCauseInstanceOf(HeraldException.class);
        transport.holding = false;
        assertThat(store.version("order-1")).isEqualTo(0);
        assertThat(data(store.read("order-1", 0, Direction.FORWARDS, 10))).containsExactly("kept0");
        assertThatThrownBy(() -> store.append("order-1", ExpectedVersion.exactly(0), lost))
            .isInstanceOf(HeraldException.class)
            .hasMessageContaining("accepts no more appends")
            .hasMessageContaining("No space left on device")
            .hasMessageContaining("close and reopen");
        assertThat(transport.held).isEmpty();
      }
    } finally {
      pool.shutdownNow();
    }
    try (EventStore store = open()) {
      assertThat(store.version("order-1")).isEqualTo(0);
      assertThat(store.append("order-1", ExpectedVersion.exactly(0), events("after", 1)))
          .isEqualTo(new AppendResult(1, 1));
    }
  }

  @Test
  void anAppendTheLogRefuses_isNotStored_andTheMessageSaysWhy() {
    LogTransport log = LogTransports.open(settings());
    try (EventStore store = LogEventStore.open(log)) {
      store.append("order-1", ExpectedVersion.noStream(), events("e", 1));
      log.close();

      assertThatThrownBy(() -> store.append("order-1", ExpectedVersion.exactly(0), events("f", 1)))
          .isInstanceOf(HeraldException.class)
          .hasMessageContaining("not acknowledged")
          .hasMessageContaining("closed");
      assertThat(store.version("order-1")).isEqualTo(0);
    }
  }

  @Test
  void open_refusesASecondStoreOnOneLog_andRetention() {
    try (LogTransport log = LogTransports.open(settings());
        EventStore store = LogEventStore.open(log)) {
      assertThatThrownBy(() -> LogEventStore.open(log))
          .isInstanceOf(HeraldException.class)
          .hasMessageContaining("already open on the log in");
      assertThatThrownBy(this::open)
          .isInstanceOf(HeraldException.class)
          .hasMessageContaining("already open in this process");
      store.append("order-1", ExpectedVersion.noStream(), events("e", 1));
    }
    assertThatThrownBy(() -> LogEventStore.open(settings().withRetention(1 << 20, -1)))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("without retention");
    try (EventStore store = open()) {
      assertThat(store.version("order-1")).isEqualTo(0);
    }
  }

  @Test
  void checkpoints_pastTheEndAfterACrash_arePulledBackToIt() {
    try (EventStore store = open()) {
      store.append("order-1", ExpectedVersion.noStream(), events("e", 2));
      store.checkpoints().save("projection", 1000); // as if the events it passed were lost
      store.checkpoints().save("other", 1);
    }
    try (EventStore store = open()) {
      assertThat(store.checkpoints().load("projection")).hasValue(2);
      assertThat(store.checkpoints().load("other")).hasValue(1);
    }
  }
}
