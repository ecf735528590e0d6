package dev.herald.log;

import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import dev.herald.core.Position;
import dev.herald.log.RecoveryReport.Repair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One partition: its segments, the queue of sealed records waiting for its {@link PartitionWriter},
 * and the watermark up to which readers may read.
 *
 * <p>Appenders seal records (offset, timestamp, CRC) under a short lock and queue them; the one
 * writer thread takes everything queued at once, writes it with as few calls as it can and, with
 * {@code fsync=always}, forces it before it acknowledges the appends and moves the watermark. So
 * appends that arrive while a force runs share the next one (group commit), and readers never see a
 * record that a power failure could still take away. After an I/O error the partition accepts
 * nothing more until the transport is reopened.
 *
 * <p>This class is a little over 400 lines because the queue, the watermark and the segment list
 * change together under one lock; split, the lock would have to cross classes.
 */
final class PartitionLog {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionLog.class);
  private static final long MAX_QUEUED_BYTES = 16L << 20;

  /** What readers may read: up to {@code offset}, which is {@code position} in {@code segment}. */
  record Watermark(long offset, Segment segment, long position) {}

  /** Sealed records of one append in {@code bytes[0, length)}. */
  @SuppressWarnings("ArrayRecordComponent") // never compared; the array is handed over
  record Sealed(byte[] bytes, int length) {}

  /** Records taken by the writer: sealed records, in offset order, ending before {@code end}. */
  record Batch(List<Sealed> records, long end) {}

  private record Ticket(long end, PendingAppend append) {}

  final String topic;
  final int partition;
  final Path directory;
  final String name;
  private final LogContext context;
  private final Runnable onWatermark;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition queued = lock.newCondition();
  private final Condition room = lock.newCondition();
  private List<Sealed> queue = new ArrayList<>();
  private List<Sealed> spare = new ArrayList<>();
  private long queuedBytes;
  private final ArrayDeque<Ticket> tickets = new ArrayDeque<>();
  private long nextOffset;
  private long lastTimestamp;
  private long safeEnd;
  private HeraldException failure;
  private boolean closing;
  private Thread writer;

  private final TailCache cache = new TailCache();
  private volatile Watermark watermark;
  private volatile List<Segment> segments;
  private final Retention retention;

  private PartitionLog(
      String topic, int partition, Path directory, LogContext context, Runnable onWatermark) {
    this.topic = topic;
    this.partition = partition;
    this.directory = directory;
    this.name = topic + "/" + partition;
    this.context = context;
    this.onWatermark = onWatermark;
    this.retention = new Retention(this, context);
  }

  /** The directory of partition {@code partition} of {@code topic} under {@code root}. */
  static Path directory(Path root, String topic, int partition) {
    return root.resolve(topic + "-" + partition);
  }

  /** Creates the directory and first segment of a new partition, durably. */
  static void create(Path root, String topic, int partition, LogContext context)
      throws IOException {
    Path directory = directory(root, topic, partition);
    Files.createDirectories(directory);
    FileSync.directory(root, context.channels());
    if (segmentBases(directory).isEmpty()) {
      Segment.create(directory, 0, context.channels()).close();
    }
  }

  /**
   * Opens an existing partition and recovers its last segment, trusting its index only after a
   * clean shutdown.
   *
   * @throws CorruptLogException if the partition is missing or damaged beyond a torn tail
   */
  static PartitionLog open(
      Path root,
      String topic,
      int partition,
      LogContext context,
      Runnable onWatermark,
      boolean cleanShutdown,
      List<Repair> repairs)
      throws IOException {
    Path directory = directory(root, topic, partition);
    PartitionLog log = new PartitionLog(topic, partition, directory, context, onWatermark);
    List<Long> bases = Files.isDirectory(directory) ? segmentBases(directory) : List.of();
    if (bases.isEmpty()) {
      throw new CorruptLogException(
          directory,
          0,
          "partition "
              + log.name
              + " has no segment files in "
              + directory
              + ", though "
              + TopicLog.metadataFile(root, topic)
              + " says the topic has it. Restore the directory from a backup, or delete the"
              + " topic's files ("
              + topic
              + ".topic, "
              + topic
              + "-N/ and "
              + topic
              + ".groups/) to start the topic over.");
    }
    List<Segment> opened = new ArrayList<>();
    try {
      for (int i = 0; i < bases.size(); i++) {
        opened.add(
            Segment.open(directory, bases.get(i), context.channels(), i == bases.size() - 1));
      }
      Segment last = opened.get(opened.size() - 1);
      SegmentRecovery.Result recovered =
          SegmentRecovery.recover(last, log.name, cleanShutdown, repairs);
      if (!context.settings().durability().equals(Durability.never())) {
        last.force(); // what recovery kept is durable from here on, as "unsafe" fields assume
      }
      log.segments = List.copyOf(opened);
      log.nextOffset = recovered.nextOffset();
      log.safeEnd = recovered.nextOffset();
      log.lastTimestamp = Math.max(0, recovered.lastTimestamp());
      log.watermark = new Watermark(recovered.nextOffset(), last, last.size());
      return log;
    } catch (IOException | RuntimeException e) {
      opened.forEach(Segment::close);
      throw e;
    }
  }

  private static List<Long> segmentBases(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(n -> n.matches("\\d{20}\\" + Segment.LOG_SUFFIX))
          .map(n -> Long.parseLong(n.substring(0, 20)))
          .sorted()
          .toList();
    }
  }

  // ---------------------------------------------------------------- appending

  /**
   * Seals the records in {@code records[0, length)} (each made by {@link
   * EnvelopeCodec#writeRecord}) with offsets, timestamp and CRC, and queues them for the writer.
   * The i-th record holds {@code envelopes.get(indexes[i])}. Blocks while more than 16 MiB wait for
   * the writer.
   */
  void enqueue(
      byte[] records,
      int length,
      List<Envelope> envelopes,
      int[] indexes,
      PendingAppend append,
      long now) {
    CRC32C crc = new CRC32C();
    lock.lock();
    try {
      while (failure == null
          && !closing
          && queuedBytes > 0
          && queuedBytes + length > MAX_QUEUED_BYTES) {
        try {
          room.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          append.fail(new HeraldException("interrupted while waiting to append to " + name, e));
          return;
        }
      }
      if (failure != null || closing) {
        append.fail(failure != null ? failure : closed());
        return;
      }
      long timestamp = Math.max(now, lastTimestamp);
      lastTimestamp = timestamp;
      int i = 0;
      for (int at = 0; at < length; at += Bytes.getInt(records, at) + 4) {
        long offset = nextOffset++;
        RecordFormat.seal(crc, records, at, offset, timestamp, offset - safeEnd);
        cache.put(offset, envelopes.get(indexes[i]));
        append.position(indexes[i++], new Position(topic, partition, offset));
      }
      queue.add(new Sealed(records, length));
      queuedBytes += length;
      tickets.add(new Ticket(nextOffset, append));
      if (writer == null) {
        writer =
            Thread.ofPlatform()
                .daemon()
                .name("herald-log-writer-" + name)
                .start(new PartitionWriter(this, context, activeSegment()));
      } else {
        queued.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Waits for queued records and takes them all; null once closing and nothing is left. */
  Batch take() throws InterruptedException {
    lock.lock();
    try {
      while (queue.isEmpty() && !closing && failure == null) {
        queued.await();
      }
      if (queue.isEmpty() || failure != null) {
        return null;
      }
      Batch batch = new Batch(queue, nextOffset);
      queue = spare;
      spare = new ArrayList<>();
      queuedBytes = 0;
      room.signalAll();
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /**
   * The writer wrote everything before {@code end}, which ends at {@code position} of {@code
   * segment}, and made it as durable as the mode asks: acknowledges the appends it covers and lets
   * readers see it.
   */
  void written(long end, Segment segment, long position) {
    List<Ticket> done = new ArrayList<>();
    lock.lock();
    try {
      if (failure != null) {
        return; // its appends were failed; readers must not see what nobody acknowledged
      }
      watermark = new Watermark(end, segment, position);
      if (!context.syncOnInterval()) {
        safeEnd = end;
      }
      while (!tickets.isEmpty() && tickets.peek().end() <= end) {
        done.add(tickets.poll());
      }
    } finally {
      lock.unlock();
    }
    for (Ticket ticket : done) {
      ticket.append().partitionDone();
    }
    onWatermark.run();
  }

  /** The writer is done with {@code batch}; its list is reused for a later one. */
  void recycle(Batch batch) {
    batch.records().clear();
    lock.lock();
    try {
      spare = batch.records();
    } finally {
      lock.unlock();
    }
  }

  /** The writer started {@code segment}; everything before it was forced. */
  void rolled(Segment segment) {
    lock.lock();
    try {
      List<Segment> next = new ArrayList<>(segments);
      next.add(segment);
      segments = List.copyOf(next);
      safeEnd = Math.max(safeEnd, segment.baseOffset);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Writing or forcing failed: fails every append not yet acknowledged and every later one, so that
   * nothing after the failure is acknowledged.
   */
  void failed(Throwable error, Segment segment) {
    HeraldException stop =
        new HeraldException(
            "writing to "
                + segment.file
                + " failed ("
                + error
                + "); partition "
                + name
                + " stopped accepting events, so that nothing after the failure is acknowledged."
                + " Check the disk (free space, permissions, errors in the system log), then"
                + " close and reopen the log transport; it keeps what was acknowledged.",
            error);
    LOG.error("{}", stop.getMessage(), error);
    List<Ticket> failedTickets;
    HeraldException first;
    lock.lock();
    try {
      if (failure == null) {
        failure = stop;
      }
      first = failure;
      failedTickets = new ArrayList<>(tickets);
      tickets.clear();
      queue = new ArrayList<>();
      queuedBytes = 0;
      room.signalAll();
    } finally {
      lock.unlock();
    }
    for (Ticket ticket : failedTickets) {
      ticket.append().fail(first);
    }
  }

  /** With {@code fsync=interval:MS}: forces what was written since the last force. */
  void syncWritten() {
    Segment active;
    long end;
    lock.lock();
    try {
      if (failure != null || watermark.offset() <= safeEnd) {
        return;
      }
      active = activeSegment();
      end = watermark.offset();
    } finally {
      lock.unlock();
    }
    try {
      active.force();
    } catch (IOException e) {
      failed(e, active);
      return;
    }
    lock.lock();
    try {
      safeEnd = Math.max(safeEnd, end);
    } finally {
      lock.unlock();
    }
  }

  // ---------------------------------------------------------------- reading

  Watermark watermark() {
    return watermark;
  }

  TailCache cache() {
    return cache;
  }

  List<Segment> segments() {
    return segments;
  }

  /** The oldest offset still kept. */
  long startOffset() {
    return segments.get(0).baseOffset;
  }

  Segment activeSegment() {
    List<Segment> current = segments;
    return current.get(current.size() - 1);
  }

  // ---------------------------------------------------------------- retention

  /** Removes {@code doomed}, the oldest segments, from the list readers use. */
  void forget(List<Segment> doomed) {
    lock.lock();
    try {
      List<Segment> kept = new ArrayList<>(segments);
      kept.removeAll(doomed);
      segments = List.copyOf(kept);
    } finally {
      lock.unlock();
    }
  }

  /** Deletes old segments as the settings ask; see {@link Retention}. */
  void enforceRetention() throws IOException {
    retention.apply();
  }

  // ---------------------------------------------------------------- closing

  /**
   * Lets the writer write what is queued, forces everything, and closes the files. Appends after
   * this fail. Returns true if everything written is durable.
   */
  boolean close() {
    Thread running;
    lock.lock();
    try {
      closing = true;
      queued.signalAll();
      room.signalAll();
      running = writer;
    } finally {
      lock.unlock();
    }
    // an interrupted thread would close the channels instead of forcing them
    boolean interrupted = Thread.interrupted();
    try {
      while (running != null && running.isAlive()) {
        try {
          running.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      List<Ticket> left;
      HeraldException failedWith;
      lock.lock();
      try {
        left = new ArrayList<>(tickets);
        tickets.clear();
        failedWith = failure;
      } finally {
        lock.unlock();
      }
      left.forEach(t -> t.append().fail(failedWith != null ? failedWith : closed()));
      return failedWith == null && forceActive();
    } finally {
      segments.forEach(Segment::close);
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private boolean forceActive() {
    Segment active = activeSegment();
    try {
      active.index().flush();
      active.index().force();
      active.force();
      return true;
    } catch (IOException e) {
      LOG.warn("forcing {} on close failed; recovery checks it on the next open", active, e);
      return false;
    }
  }

  private HeraldException closed() {
    return new HeraldException(
        "partition " + name + " of the log transport is closed; open the transport again");
  }
}
