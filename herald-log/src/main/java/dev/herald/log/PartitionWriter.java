package dev.herald.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes a partition: takes every record queued since its last round, copies
 * them into one direct buffer (starting a new segment where one would grow past {@code
 * segment.bytes}), writes the buffer with one call (rounds of more than 4 MiB take more), adds
 * index entries, and with {@code fsync=always} forces the segment before it tells the {@link
 * PartitionLog}.
 */
final class PartitionWriter implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionWriter.class);
  private static final int BUFFER_BYTES = 1 << 20;
  private static final int MAX_BUFFER_BYTES = 4 << 20;

  private final PartitionLog log;
  private final LogContext context;
  private ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_BYTES);
  private Segment active;
  private long lastIndexed;

  PartitionWriter(PartitionLog log, LogContext context, Segment active) {
    this.log = log;
    this.context = context;
    this.active = active;
    this.lastIndexed = lastIndexedPosition(active);
  }

  @Override
  public void run() {
    while (true) {
      PartitionLog.Batch batch;
      try {
        batch = log.take();
      } catch (InterruptedException e) {
        return;
      }
      if (batch == null) {
        return;
      }
      try {
        fit(batch);
        for (PartitionLog.Sealed records : batch.records()) {
          copy(records.bytes(), records.length());
        }
        drain();
        active.index().flush();
        if (context.syncEachBatch()) {
          active.force();
        }
      } catch (IOException | RuntimeException e) {
        log.failed(e, active);
        return;
      }
      log.written(batch.end(), active, active.size());
      log.recycle(batch);
    }
  }

  /** Grows the buffer, up to 4 MiB, so that one write takes the whole batch. */
  private void fit(PartitionLog.Batch batch) {
    long bytes = 0;
    for (PartitionLog.Sealed records : batch.records()) {
      bytes += records.length();
    }
    if (bytes > buffer.capacity() && buffer.capacity() < MAX_BUFFER_BYTES) {
      buffer =
          ByteBuffer.allocateDirect(
              (int) Math.min(MAX_BUFFER_BYTES, Long.highestOneBit(bytes) * 2));
    }
  }

  private void copy(byte[] records, int length) throws IOException {
    int at = 0;
    while (at < length) {
      int recordLength = Bytes.getInt(records, at) + 4;
      long offset = Bytes.getLong(records, at + RecordFormat.OFFSET);
      long timestamp = Bytes.getLong(records, at + RecordFormat.TIMESTAMP);
      long position = active.size() + buffer.position();
      if (position > 0 && position + recordLength > context.settings().segmentBytes()) {
        drain();
        roll(offset);
        position = 0;
      }
      if (position - lastIndexed >= SegmentIndex.INTERVAL_BYTES) {
        active.index().add(offset, position, timestamp);
        lastIndexed = position;
      }
      if (recordLength > buffer.remaining()) {
        drain();
        if (recordLength > buffer.capacity()) {
          active.write(ByteBuffer.wrap(records, at, recordLength));
          at += recordLength;
          active.lastTimestamp(timestamp);
          continue;
        }
      }
      buffer.put(records, at, recordLength);
      at += recordLength;
      active.lastTimestamp(timestamp);
    }
  }

  private void drain() throws IOException {
    if (buffer.position() > 0) {
      buffer.flip();
      active.write(buffer);
      buffer.clear();
    }
  }

  /** Makes the full segment durable, then starts the next one at {@code baseOffset}. */
  private void roll(long baseOffset) throws IOException {
    active.seal();
    Segment next = Segment.create(log.directory, baseOffset, context.channels());
    log.rolled(next);
    active = next;
    lastIndexed = lastIndexedPosition(next);
    try {
      log.enforceRetention();
    } catch (IOException e) {
      LOG.warn("retention on partition {} failed; it tries again later", log.name, e);
    }
  }

  private static long lastIndexedPosition(Segment segment) {
    try {
      SegmentIndex index = segment.index();
      return index.size() == 0 ? -SegmentIndex.INTERVAL_BYTES : index.last().position();
    } catch (IOException e) {
      return -SegmentIndex.INTERVAL_BYTES;
    }
  }
}
