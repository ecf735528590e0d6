package dev.herald.log;

import static dev.herald.log.LogTesting.TIMEOUT;
import static dev.herald.log.LogTesting.append;
import static dev.herald.log.LogTesting.appendOneByOne;
import static dev.herald.log.LogTesting.event;
import static dev.herald.log.LogTesting.segmentFiles;
import static dev.herald.log.LogTesting.texts;
import static dev.herald.log.LogTesting.textsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.Delivery;
import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import dev.herald.core.Position;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link LogTransport#read}: random access to a partition by offset, up to its watermark. */
class LogTransportReadTest {
  private static final String TOPIC = "t";

  @TempDir Path directory;
  private final TestChannels channels = new TestChannels();

  private LogTransport open(String options) {
    LogSettings settings = LogSettings.parse("log:" + directory + "?partitions=1&" + options);
    return LogTransports.open(settings, Clock.systemUTC(), channels);
  }

  private static List<Long> offsets(List<Delivery> deliveries) {
    return deliveries.stream().map(Delivery::offset).toList();
  }

  @Test
  void read_fromAnOffset_returnsUpToMaxEventsInOffsetOrder() {
    try (LogTransport log = open("fsync=never")) {
      List<Envelope> events = appendOneByOne(log, TOPIC, 10);

      List<Delivery> read = log.read(TOPIC, 0, 3, 4);

      assertThat(offsets(read)).containsExactly(3L, 4L, 5L, 6L);
      assertThat(texts(read)).isEqualTo(textsOf(events.subList(3, 7)));
      assertThat(read).allSatisfy(d -> assertThat(d.topic()).isEqualTo(TOPIC));
      assertThat(read).allSatisfy(d -> assertThat(d.partition()).isZero());
      assertThat(read.get(0).envelope()).isEqualTo(events.get(3));
      assertThat(texts(log.read(TOPIC, 0, 0, 100))).isEqualTo(textsOf(events));
      assertThat(offsets(log.read(TOPIC, 0, 9, 1))).containsExactly(9L);
      assertThat(log.read(TOPIC, 0, 2, 0)).isEmpty();
    }
  }

  @Test
  void read_atOrPastTheEnd_isEmpty() {
    try (LogTransport log = open("fsync=never")) {
      assertThat(log.read(TOPIC, 0, 0, 10)).as("an empty partition").isEmpty();
      appendOneByOne(log, TOPIC, 3);

      assertThat(log.read(TOPIC, 0, 3, 10)).isEmpty();
      assertThat(log.read(TOPIC, 0, 1_000_000, 10)).isEmpty();
    }
  }

  @Test
  void read_acrossSegmentsAndAfterAReopen_findsEveryOffset() throws Exception {
    List<Envelope> events;
    try (LogTransport log = open("fsync=never&segment.bytes=1024")) {
      events = appendOneByOne(log, TOPIC, 60);
    }
    try (LogTransport log = open("fsync=never&segment.bytes=1024")) {
      assertThat(segmentFiles(directory, TOPIC, 0)).as("segments").hasSizeGreaterThan(3);
      for (int from = 0; from < 60; from += 7) {
        List<Delivery> read = log.read(TOPIC, 0, from, 11);
        int to = Math.min(60, from + 11);
        assertThat(texts(read)).as("from %d", from).isEqualTo(textsOf(events.subList(from, to)));
      }
    }
  }

  @Test
  void read_belowTheStart_readsFromTheOldestKeptOffset() {
    try (LogTransport log = open("fsync=never&segment.bytes=1024&retention.bytes=0")) {
      List<Envelope> events = appendOneByOne(log, TOPIC, 60);
      long start = log.startOffset(TOPIC, 0);
      assertThat(start).as("offsets retention deleted").isPositive();

      List<Delivery> read = log.read(TOPIC, 0, 0, 5);

      assertThat(offsets(read)).first().isEqualTo(start);
      assertThat(texts(read))
          .isEqualTo(textsOf(events.subList((int) start, (int) Math.min(60, start + 5))));
    }
  }

  @Test
  void read_neverReturnsAnEventWrittenButNotYetAcknowledged() throws Exception {
    try (LogTransport log = open("fsync=always")) {
      append(log, TOPIC, List.of(event("k", "a"), event("k", "b")));
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
                try {
                  releaseForce.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
            }
          });

      CompletableFuture<List<Position>> held = log.append(TOPIC, List.of(event("k", "c")));
      assertThat(written.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

      assertThat(texts(log.read(TOPIC, 0, 0, 10))).containsExactly("a", "b");
      assertThat(log.read(TOPIC, 0, 2, 10)).isEmpty();
      assertThat(log.endOffset(TOPIC, 0)).isEqualTo(2);

      releaseForce.countDown();
      assertThat(held).succeedsWithin(TIMEOUT);
      assertThat(texts(log.read(TOPIC, 0, 0, 10))).containsExactly("a", "b", "c");
    }
  }

  @Test
  void read_refusesBadArguments_andAClosedTransport() {
    LogTransport log = open("fsync=never");
    append(log, TOPIC, List.of(event("k", "a")));

    assertThatThrownBy(() -> log.read(TOPIC, 0, -1, 10))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("must be 0 or more");
    assertThatThrownBy(() -> log.read(TOPIC, 0, 0, -1))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("must be 0 or more");
    assertThatThrownBy(() -> log.read(TOPIC, 1, 0, 10))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("has partitions 0 to 0, not 1");
    assertThatThrownBy(() -> log.read(TOPIC, -1, 0, 10))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("not -1");
    assertThatThrownBy(() -> log.read("bad topic", 0, 0, 10))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("topic name 'bad topic' is invalid");

    log.close();
    assertThatThrownBy(() -> log.read(TOPIC, 0, 0, 10))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("is closed");
  }
}
