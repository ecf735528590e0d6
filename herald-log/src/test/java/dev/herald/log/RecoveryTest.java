package dev.herald.log;

import static dev.herald.log.LogTesting.append;
import static dev.herald.log.LogTesting.appendOneByOne;
import static dev.herald.log.LogTesting.drain;
import static dev.herald.log.LogTesting.event;
import static dev.herald.log.LogTesting.flipByte;
import static dev.herald.log.LogTesting.recordPositions;
import static dev.herald.log.LogTesting.segmentFiles;
import static dev.herald.log.LogTesting.texts;
import static dev.herald.log.LogTesting.textsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.Envelope;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What opening a log does with damaged files: cut a torn tail, stop on anything else. */
class RecoveryTest {
  private static final String TOPIC = "t";

  @TempDir Path directory;

  private LogTransport open() {
    return LogTransports.open("log:" + directory + "?partitions=1");
  }

  private Path segment() throws IOException {
    return segmentFiles(directory, TOPIC, 0).get(0).toRealPath();
  }

  @Test
  void open_cutsABitFlipInTheLastRecordAndReportsIt() throws Exception {
    List<Envelope> events;
    try (LogTransport log = open()) {
      events = appendOneByOne(log, TOPIC, 10);
    }
    List<Long> positions = recordPositions(segment());
    long last = positions.get(9);
    long size = positions.get(10);
    flipByte(segment(), last + 40);

    try (LogTransport log = open()) {
      assertThat(log.recoveryReport().repairs())
          .singleElement()
          .satisfies(
              repair -> {
                assertThat(repair.file()).isEqualTo(segment());
                assertThat(repair.position()).isEqualTo(last);
                assertThat(repair.bytesDropped()).isEqualTo(size - last);
                assertThat(repair.description()).contains("CRC32C", "offsets 9 and later");
              });
      assertThat(Files.size(segment())).isEqualTo(last);
      assertThat(texts(drain(log, TOPIC))).isEqualTo(textsOf(events.subList(0, 9)));
      assertThat(append(log, TOPIC, List.of(event("k", "after"))).get(0).offset()).isEqualTo(9);
    }
  }

  @Test
  void open_cutsATornTailToTheLastWholeRecord() throws Exception {
    Path pristine = directory.resolve("pristine");
    List<Envelope> events;
    try (LogTransport log = LogTransports.open("log:" + pristine + "?partitions=1")) {
      events = appendOneByOne(log, TOPIC, 6);
    }
    List<Long> positions = recordPositions(segmentFiles(pristine, TOPIC, 0).get(0));
    List<Long> cuts = new ArrayList<>();
    for (int record = 4; record < 6; record++) {
      long start = positions.get(record);
      long end = positions.get(record + 1);
      for (long offset : new long[] {0, 1, 3, 4, 7, 8, 16, 27, 28, 29, 40}) {
        cuts.add(start + offset);
      }
      cuts.add(end - 1);
    }
    for (int round = 0; round < cuts.size(); round++) {
      long cut = cuts.get(round);
      Path copy = directory.resolve("torn-" + round);
      LogTesting.copyTree(pristine, copy);
      Files.deleteIfExists(copy.resolve(DirectoryLock.FILE));
      Path file = segmentFiles(copy, TOPIC, 0).get(0);
      LogTesting.truncate(file, cut);
      int whole = (int) positions.stream().filter(p -> p > 0 && p <= cut).count();
      long kept = positions.get(whole);

      try (LogTransport log = LogTransports.open("log:" + copy + "?partitions=1")) {
        assertThat(texts(drain(log, TOPIC)))
            .as("events read after a cut at byte %d", cut)
            .isEqualTo(textsOf(events.subList(0, whole)));
        if (cut == kept) {
          assertThat(log.recoveryReport().clean()).as("report after a cut at %d", cut).isTrue();
        } else {
          assertThat(log.recoveryReport().repairs())
              .as("repairs after a cut at byte %d", cut)
              .singleElement()
              .satisfies(
                  repair -> {
                    assertThat(repair.position()).isEqualTo(kept);
                    assertThat(repair.bytesDropped()).isEqualTo(cut - kept);
                  });
        }
        assertThat(Files.size(file)).as("file size after a cut at %d", cut).isEqualTo(kept);
      }
    }
  }

  @Test
  void open_cutsAnUnsyncedWriteWithAHoleInIt() throws Exception {
    List<Envelope> acknowledged;
    List<Envelope> batch = new ArrayList<>();
    try (LogTransport log = open()) {
      acknowledged = appendOneByOne(log, TOPIC, 5);
      for (int i = 0; i < 10; i++) {
        batch.add(event("k", "batch " + i));
      }
      append(log, TOPIC, batch);
    }
    // Pages of one write that reached the disk out of order: a hole inside the third record of
    // the batch, intact records after it. They were all written before any of them was durable.
    List<Long> positions = recordPositions(segment());
    long hole = positions.get(7) + 10;
    try (FileChannel channel = FileChannel.open(segment(), StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.allocate(20), hole);
    }

    try (LogTransport log = open()) {
      assertThat(log.recoveryReport().repairs())
          .singleElement()
          .satisfies(
              repair -> {
                assertThat(repair.position()).isEqualTo(positions.get(7));
                assertThat(repair.description())
                    .contains(
                        "followed by 7 intact records that were written before it was durable");
              });
      List<String> expected = new ArrayList<>(textsOf(acknowledged));
      expected.addAll(textsOf(batch.subList(0, 2)));
      assertThat(texts(drain(log, TOPIC))).isEqualTo(expected);
    }
  }

  @Test
  void open_stopsOnDamageFollowedByRecordsWrittenAfterItWasDurable() throws Exception {
    try (LogTransport log = open()) {
      appendOneByOne(log, TOPIC, 12);
    }
    Path segment = segment();
    List<Long> positions = recordPositions(segment);
    long damaged = positions.get(8);
    flipByte(segment, damaged + 35);
    long size = Files.size(segment);

    assertThatThrownBy(this::open)
        .isInstanceOfSatisfying(
            CorruptLogException.class,
            e -> {
              assertThat(e.file()).isEqualTo(segment);
              assertThat(e.position()).isEqualTo(damaged);
            })
        .hasMessageContaining("partition t/0 is damaged")
        .hasMessageContaining("at byte " + damaged + " (offset 8)")
        .hasMessageContaining("not a write cut short by a crash")
        .hasMessageContaining("truncate -s " + damaged);
    assertThat(Files.size(segment())).as("the damaged file is left as it was").isEqualTo(size);
  }

  @Test
  void read_stopsAtDamageBeforeTheLastIndexEntry() throws Exception {
    List<Envelope> events;
    try (LogTransport log = open()) {
      events = appendOneByOne(log, TOPIC, 80);
    }
    Path segment = segment();
    List<Long> positions = recordPositions(segment);
    long damaged = positions.get(5);
    flipByte(segment, damaged + 33);

    try (LogTransport log = open()) {
      assertThat(log.recoveryReport().clean()).as("the tail after the last index entry").isTrue();
      List<String> read = new ArrayList<>();
      assertThatThrownBy(() -> readUntilFailure(log, read))
          .isInstanceOfSatisfying(
              CorruptLogException.class,
              e -> {
                assertThat(e.file()).isEqualTo(segment);
                assertThat(e.position()).isEqualTo(damaged);
              })
          .hasMessageContaining("(offset 5)");
      assertThat(read).as("events delivered").isEqualTo(textsOf(events.subList(0, 5)));
    }
  }

  @Test
  void open_afterACrashChecksTheWholeLastSegment() throws Exception {
    try (LogTransport log = open()) {
      assertThat(directory.resolve(FileLogTransport.CLEAN_SHUTDOWN)).doesNotExist();
      appendOneByOne(log, TOPIC, 80);
    }
    assertThat(directory.resolve(FileLogTransport.CLEAN_SHUTDOWN)).exists();
    Files.delete(directory.resolve(FileLogTransport.CLEAN_SHUTDOWN)); // as after a crash
    Path segment = segment();
    long damaged = recordPositions(segment).get(5);
    flipByte(segment, damaged + 33);

    assertThatThrownBy(this::open)
        .isInstanceOfSatisfying(
            CorruptLogException.class, e -> assertThat(e.position()).isEqualTo(damaged))
        .hasMessageContaining("(offset 5)");
  }

  @Test
  void open_afterACrashCutsAHoleBeforeTheLastIndexEntry() throws Exception {
    List<Envelope> acknowledged;
    List<Envelope> batch = new ArrayList<>();
    try (LogTransport log = open()) {
      acknowledged = appendOneByOne(log, TOPIC, 5);
      for (int i = 0; i < 80; i++) {
        batch.add(event("k", "batch " + i + " " + "x".repeat(100)));
      }
      append(log, TOPIC, batch);
    }
    Files.delete(directory.resolve(FileLogTransport.CLEAN_SHUTDOWN)); // as after a crash
    // A page of the unsynced write that never reached the disk; the index, written after the
    // records, points past it.
    Path segment = segment();
    List<Long> positions = recordPositions(segment);
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
      channel.write(ByteBuffer.allocate(64), positions.get(8) + 4);
    }

    try (LogTransport log = open()) {
      assertThat(log.recoveryReport().repairs())
          .singleElement()
          .satisfies(repair -> assertThat(repair.position()).isEqualTo(positions.get(8)));
      List<String> expected = new ArrayList<>(textsOf(acknowledged));
      expected.addAll(textsOf(batch.subList(0, 3)));
      assertThat(texts(drain(log, TOPIC))).isEqualTo(expected);
    }
  }

  @Test
  void read_stopsAtDamageInAnOlderSegment() throws Exception {
    try (LogTransport log =
        LogTransports.open("log:" + directory + "?partitions=1&segment.bytes=1024")) {
      appendOneByOne(log, TOPIC, 40);
    }
    List<Path> segments = segmentFiles(directory, TOPIC, 0);
    assertThat(segments).hasSizeGreaterThan(2);
    Path older = segments.get(1).toRealPath();
    long damaged = recordPositions(older).get(2);
    flipByte(older, damaged + 30);

    try (LogTransport log =
        LogTransports.open("log:" + directory + "?partitions=1&segment.bytes=1024")) {
      assertThat(log.recoveryReport().clean()).isTrue();
      assertThatThrownBy(() -> readUntilFailure(log, new ArrayList<>()))
          .isInstanceOfSatisfying(
              CorruptLogException.class,
              e -> {
                assertThat(e.file()).isEqualTo(older);
                assertThat(e.position()).isEqualTo(damaged);
              });
    }
  }

  @Test
  void open_rebuildsAMissingOrDamagedIndex() throws Exception {
    List<Envelope> events;
    try (LogTransport log = open()) {
      events = appendOneByOne(log, TOPIC, 80);
    }
    Path index = Path.of(segment().toString().replace(".log", ".idx"));
    assertThat(Files.size(index)).as("index entries written").isGreaterThan(16);

    for (String damage : List.of("missing", "garbage")) {
      if (damage.equals("missing")) {
        Files.delete(index);
      } else {
        Files.write(index, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 7});
      }
      try (LogTransport log = open();
          Subscription from70 =
              log.subscribe(
                  TOPIC, "from-70-" + damage, StartPosition.offset(70), RebalanceListener.none())) {
        List<String> read = new ArrayList<>();
        long deadline = System.nanoTime() + LogTesting.TIMEOUT.toNanos();
        while (read.size() < 10 && System.nanoTime() < deadline) {
          read.addAll(texts(from70.poll(Duration.ofMillis(100))));
        }
        assertThat(read)
            .as("read from offset 70 with a %s index", damage)
            .isEqualTo(textsOf(events.subList(70, 80)));
        assertThat(log.offsetForTime(TOPIC, 0, java.time.Instant.EPOCH)).isZero();
      }
      assertThat(Files.size(index))
          .as("index after a %s one was rebuilt", damage)
          .isGreaterThan(16);
    }
  }

  @Test
  void open_refusesDamagedCommittedOffsets() throws Exception {
    try (LogTransport log = open();
        Subscription subscription =
            log.subscribe(TOPIC, "g", StartPosition.earliest(), RebalanceListener.none())) {
      appendOneByOne(log, TOPIC, 3);
      subscription.commit(Map.of(0, 2L));
    }
    Path offsets = OffsetStore.file(directory.toRealPath(), TOPIC, "g");
    flipByte(offsets, 14);

    assertThatThrownBy(this::open)
        .isInstanceOfSatisfying(
            CorruptLogException.class, e -> assertThat(e.file()).isEqualTo(offsets))
        .hasMessageContaining("delete it to restart the group");
  }

  @Test
  void open_pullsBackCommittedOffsetsPastWhatSurvived() throws Exception {
    try (LogTransport log = open();
        Subscription subscription =
            log.subscribe(TOPIC, "g", StartPosition.earliest(), RebalanceListener.none())) {
      appendOneByOne(log, TOPIC, 10);
      subscription.commit(Map.of(0, 10L));
    }
    LogTesting.truncate(segment(), recordPositions(segment()).get(6) + 5);

    try (LogTransport log = open();
        Subscription subscription =
            log.subscribe(TOPIC, "g", StartPosition.latest(), RebalanceListener.none())) {
      assertThat(log.recoveryReport().repairs()).hasSize(2);
      assertThat(log.recoveryReport().repairs().get(1).description())
          .contains("group g had committed offset 10", "it resumes at 6");
      Envelope next = event("k", "next");
      append(log, TOPIC, List.of(next));
      List<String> read = new ArrayList<>();
      long deadline = System.nanoTime() + LogTesting.TIMEOUT.toNanos();
      while (read.isEmpty() && System.nanoTime() < deadline) {
        read.addAll(texts(subscription.poll(Duration.ofMillis(100))));
      }
      assertThat(read).as("what the group reads after the repair").containsExactly("next");
    }
  }

  /** Polls from the earliest offset, adding what arrives to {@code read}, until poll throws. */
  private static void readUntilFailure(LogTransport log, List<String> read) throws Exception {
    try (Subscription subscription =
        log.subscribe(TOPIC, "reader", StartPosition.earliest(), RebalanceListener.none())) {
      long deadline = System.nanoTime() + LogTesting.TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        read.addAll(texts(subscription.poll(Duration.ofMillis(100))));
      }
    }
    throw new AssertionError("no damage was reported within " + LogTesting.TIMEOUT);
  }
}
