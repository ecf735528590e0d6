package dev.herald.log;

import static dev.herald.log.LogTesting.TIMEOUT;
import static dev.herald.log.LogTesting.append;
import static dev.herald.log.LogTesting.drain;
import static dev.herald.log.LogTesting.event;
import static dev.herald.log.LogTesting.recordPositions;
import static dev.herald.log.LogTesting.segmentFiles;
import static dev.herald.log.LogTesting.texts;
import static dev.herald.log.LogTesting.textsOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.Delivery;
import dev.herald.core.Envelope;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Segments roll by size, the index finds offsets and times, and retention deletes old segments. */
class SegmentTest {
  private static final String TOPIC = "t";
  private static final Instant START = Instant.parse("2025-01-01T00:00:00Z");

  @TempDir Path directory;
  private final MutableClock clock = new MutableClock(START);

  private FileLogTransport open(String options) {
    LogSettings settings = LogSettings.parse("log:" + directory + "?partitions=1&" + options);
    return (FileLogTransport) LogTransports.open(settings, clock, ChannelFactory.DEFAULT);
  }

  private static List<Envelope> appendEvents(LogTransport log, int count, String prefix) {
    List<Envelope> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Envelope event = event("k", prefix + " " + i + " " + "x".repeat(60));
      append(log, TOPIC, List.of(event));
      events.add(event);
    }
    return events;
  }

  @Test
  void append_rollsToANewSegmentAtSegmentBytes() throws Exception {
    List<Envelope> events;
    try (LogTransport log = open("segment.bytes=1024")) {
      events = appendEvents(log, 60, "event");
      assertThat(texts(drain(log, TOPIC))).isEqualTo(textsOf(events));
    }
    List<Path> segments = segmentFiles(directory, TOPIC, 0);
    assertThat(segments).hasSizeGreaterThan(5);
    long expectedBase = 0;
    for (Path segment : segments) {
      assertThat(segment.getFileName().toString())
          .isEqualTo(String.format("%020d.log", expectedBase));
      assertThat(Files.size(segment)).as("size of %s", segment).isLessThanOrEqualTo(1024);
      expectedBase += recordPositions(segment).size() - 1;
    }
    assertThat(expectedBase).isEqualTo(60);

    try (LogTransport log = open("segment.bytes=1024")) {
      assertThat(texts(drain(log, TOPIC))).as("after reopening").isEqualTo(textsOf(events));
      assertThat(append(log, TOPIC, List.of(event("k", "next"))).get(0).offset()).isEqualTo(60);
    }
  }

  @Test
  void startAtOffset_findsTheOffsetInAnySegment() throws Exception {
    List<Envelope> events;
    try (LogTransport log = open("segment.bytes=32768&fsync=never")) {
      events = appendEvents(log, 600, "event");
    }
    assertThat(segmentFiles(directory, TOPIC, 0)).hasSizeGreaterThanOrEqualTo(3);
    try (LogTransport log = open("segment.bytes=32768&fsync=never")) {
      for (int offset : new int[] {0, 1, 17, 63, 64, 250, 251, 300, 599}) {
        try (Subscription reader =
            log.subscribe(
                TOPIC, "from-" + offset, StartPosition.offset(offset), RebalanceListener.none())) {
          Delivery first = pollFirst(reader);
          assertThat(first.offset()).as("first offset read from %d", offset).isEqualTo(offset);
          assertThat(first.envelope()).isEqualTo(events.get(offset));
        }
      }
    }
  }

  @Test
  void offsetForTime_findsTheFirstEventAppendedAtOrAfterATime() throws Exception {
    try (LogTransport log = open("segment.bytes=16384&fsync=never")) {
      appendEvents(log, 100, "first minute");
      clock.advance(Duration.ofMinutes(1));
      appendEvents(log, 100, "second minute");
      clock.advance(Duration.ofMinutes(1));
      appendEvents(log, 100, "third minute");
      assertOffsetsForTime(log);
    }
    try (LogTransport log = open("segment.bytes=16384&fsync=never")) {
      assertOffsetsForTime(log);
    }
  }

  private static void assertOffsetsForTime(LogTransport log) {
    assertThat(log.offsetForTime(TOPIC, 0, Instant.EPOCH)).isZero();
    assertThat(log.offsetForTime(TOPIC, 0, START)).isZero();
    assertThat(log.offsetForTime(TOPIC, 0, START.plusSeconds(1))).isEqualTo(100);
    assertThat(log.offsetForTime(TOPIC, 0, START.plusSeconds(60))).isEqualTo(100);
    assertThat(log.offsetForTime(TOPIC, 0, START.plusSeconds(90))).isEqualTo(200);
    assertThat(log.offsetForTime(TOPIC, 0, START.plusSeconds(120))).isEqualTo(200);
    assertThat(log.offsetForTime(TOPIC, 0, START.plusSeconds(121)))
        .as("after the last")
        .isEqualTo(300);
  }

  @Test
  void retentionBytes_deletesTheOldestWholeSegmentsButNeverTheActiveOne() throws Exception {
    try (FileLogTransport log = open("segment.bytes=1024&retention.bytes=3000")) {
      List<Envelope> events = appendEvents(log, 100, "event");
      log.enforceRetention();

      List<Path> segments = segmentFiles(directory, TOPIC, 0);
      long kept = 0;
      for (Path segment : segments) {
        kept += Files.size(segment);
      }
      long oldest = Files.size(segments.get(0));
      assertThat(kept).as("bytes kept").isGreaterThanOrEqualTo(3000);
      assertThat(kept - oldest).as("bytes kept without the oldest segment").isLessThan(3000);
      long start = log.startOffset(TOPIC, 0);
      assertThat(segments.get(0).getFileName().toString())
          .isEqualTo(String.format("%020d.log", start));
      assertThat(texts(drain(log, TOPIC))).isEqualTo(textsOf(events.subList((int) start, 100)));
    }
    try (FileLogTransport log = open("segment.bytes=1024&retention.bytes=0")) {
      assertThat(segmentFiles(directory, TOPIC, 0)).as("only the active segment").hasSize(1);
      assertThat(log.endOffset(TOPIC, 0)).isEqualTo(100);
    }
  }

  @Test
  void retentionMs_deletesSegmentsWhoseEventsAreAllOlder() throws Exception {
    try (FileLogTransport log = open("segment.bytes=1024&retention.ms=60000")) {
      appendEvents(log, 40, "old");
      clock.advance(Duration.ofMinutes(2));
      List<Envelope> recent = appendEvents(log, 20, "recent");
      log.enforceRetention();

      long start = log.startOffset(TOPIC, 0);
      assertThat(start).as("oldest offset kept").isPositive().isLessThanOrEqualTo(40);
      List<Delivery> kept = drain(log, TOPIC);
      assertThat(texts(kept)).endsWith(textsOf(recent).toArray(String[]::new));
      assertThat(texts(kept).stream().filter(t -> t.startsWith("old")))
          .as("old events kept: only those sharing a segment with recent ones")
          .hasSizeLessThan(15);

      clock.advance(Duration.ofMinutes(5));
      log.enforceRetention();
      assertThat(segmentFiles(directory, TOPIC, 0))
          .as("segments when every event is too old")
          .hasSize(1);
      assertThat(log.endOffset(TOPIC, 0)).isEqualTo(60);
      assertThat(append(log, TOPIC, List.of(event("k", "new"))).get(0).offset()).isEqualTo(60);
    }
  }

  private static Delivery pollFirst(Subscription reader) throws InterruptedException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      List<Delivery> batch = reader.poll(Duration.ofMillis(100));
      if (!batch.isEmpty()) {
        return batch.get(0);
      }
    }
    throw new AssertionError("nothing was delivered within " + TIMEOUT);
  }
}
