package dev.herald.log;

import static org.assertj.core.api.Assertions.fail;

import dev.herald.core.Delivery;
import dev.herald.core.Envelope;
import dev.herald.core.Position;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Events, reading and file surgery for the log's tests. */
final class LogTesting {
  static final Duration TIMEOUT = Duration.ofSeconds(30);

  private LogTesting() {}

  /** An event of {@code key} whose data says {@code text}. */
  static Envelope event(String key, String text) {
    return Envelope.builder()
        .id(UUID.randomUUID().toString())
        .source("log-test")
        .type("test.event.happened")
        .subject(key)
        .extension(Envelope.PARTITION_KEY, key)
        .data(text)
        .build();
  }

  /** Appends {@code envelopes} and waits for the acknowledgement. */
  static List<Position> append(Transport transport, String topic, List<Envelope> envelopes) {
    try {
      return transport.append(topic, envelopes).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("append to " + topic + " failed", e);
    }
  }

  /** Appends {@code count} events of one key, one call each, and returns them. */
  static List<Envelope> appendOneByOne(Transport transport, String topic, int count) {
    List<Envelope> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      Envelope event = event("k", "event " + i + " " + "x".repeat(i % 50));
      append(transport, topic, List.of(event));
      events.add(event);
    }
    return events;
  }

  /** Everything the topic holds, read by a new group from the earliest offset. */
  static List<Delivery> drain(LogTransport transport, String topic) throws InterruptedException {
    int partitions = transport.partitions(topic);
    long[] next = new long[partitions];
    long[] ends = new long[partitions];
    for (int p = 0; p < partitions; p++) {
      next[p] = transport.startOffset(topic, p);
      ends[p] = transport.endOffset(topic, p);
    }
    List<Delivery> read = new ArrayList<>();
    try (Subscription subscription =
        transport.subscribe(
            topic,
            "drain-" + UUID.randomUUID(),
            StartPosition.earliest(),
            RebalanceListener.none())) {
      long deadline = System.nanoTime() + TIMEOUT.toNanos();
      while (!java.util.stream.IntStream.range(0, partitions).allMatch(p -> next[p] >= ends[p])) {
        if (System.nanoTime() > deadline) {
          fail("could not read %s to its end within %s; read %d", topic, TIMEOUT, read.size());
        }
        for (Delivery delivery : subscription.poll(Duration.ofMillis(100))) {
          read.add(delivery);
          next[delivery.partition()] = delivery.offset() + 1;
        }
      }
    }
    return read;
  }

  /** The segment files of a partition, oldest first. */
  static List<Path> segmentFiles(Path directory, String topic, int partition) throws IOException {
    try (Stream<Path> files = Files.list(directory.resolve(topic + "-" + partition))) {
      return files.filter(f -> f.toString().endsWith(".log")).sorted().toList();
    }
  }

  /** The byte position of every record in an intact segment file, and its size at the end. */
  static List<Long> recordPositions(Path segment) throws IOException {
    List<Long> positions = new ArrayList<>();
    try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
      long position = 0;
      ByteBuffer length = ByteBuffer.allocate(4);
      while (position < channel.size()) {
        positions.add(position);
        length.clear();
        channel.read(length, position);
        position += length.getInt(0) + 4;
      }
      positions.add(position);
    }
    return positions;
  }

  /** Flips bits of the byte at {@code position} of {@code file}. */
  static void flipByte(Path file, long position) throws IOException {
    try (FileChannel channel =
        FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      ByteBuffer one = ByteBuffer.allocate(1);
      channel.read(one, position);
      one.put(0, (byte) (one.get(0) ^ 0x5a));
      one.rewind();
      channel.write(one, position);
    }
  }

  /** Cuts {@code file} to {@code size} bytes. */
  static void truncate(Path file, long size) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      channel.truncate(size);
    }
  }

  /** Copies a directory tree. */
  static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path source : files.toList()) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target);
        }
      }
    }
  }

  /** The data of each delivery, as text, in order. */
  static List<String> texts(List<Delivery> deliveries) {
    return deliveries.stream().map(d -> d.envelope().dataAsString()).toList();
  }

  static List<String> textsOf(List<Envelope> envelopes) {
    return envelopes.stream().map(Envelope::dataAsString).toList();
  }
}
