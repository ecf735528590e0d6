package dev.herald.log;

import dev.herald.log.RecoveryReport.Repair;
import java.io.IOException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repairs the last segment of a partition when the log opens: after a clean shutdown it checks the
 * index and scans the records after its last entry, after a crash the whole segment; it cuts off a
 * torn or unsynced tail. Damage with records after it that were written once the damaged record was
 * durable is not a crash's doing: it stops the log.
 */
final class SegmentRecovery {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentRecovery.class);

  /**
   * Where the partition stands after recovery.
   *
   * @param nextOffset the offset the next record gets
   * @param lastTimestamp the last record's timestamp, or -1 if the segment is empty
   */
  record Result(long nextOffset, long lastTimestamp) {}

  private final Segment segment;
  private final String partition;
  private final FrameReader reader = new FrameReader();

  private SegmentRecovery(Segment segment, String partition) {
    this.segment = segment;
    this.partition = partition;
  }

  /**
   * Recovers {@code segment}, the last of {@code partition} (such as {@code orders/2}), adding what
   * it repaired to {@code repairs}. Only after a clean shutdown does it trust the index.
   *
   * @throws CorruptLogException if the segment is damaged where a crash cannot have damaged it
   */
  static Result recover(
      Segment segment, String partition, boolean cleanShutdown, List<Repair> repairs)
      throws IOException {
    return new SegmentRecovery(segment, partition).run(cleanShutdown, repairs);
  }

  private Result run(boolean cleanShutdown, List<Repair> repairs) throws IOException {
    SegmentIndex index = segment.index();
    if (!cleanShutdown) {
      // After a crash the index may point past a hole in an unsynced tail: scan it all.
      index.dropFrom(0);
    }
    SegmentIndex.Entry start = index.last();
    while (start.position() > 0
        && reader.check(segment, start.position(), segment.size(), start.offset()) <= 0) {
      index.dropLast();
      start = index.last();
    }
    long size = segment.size();
    long position = start.position();
    long expected = start.offset();
    long lastTimestamp = -1;
    long lastIndexed = index.size() == 0 ? -SegmentIndex.INTERVAL_BYTES : position;
    while (position < size) {
      int length = reader.check(segment, position, size, expected);
      if (length <= 0) {
        cut(position, expected, length, repairs);
        break;
      }
      if (position - lastIndexed >= SegmentIndex.INTERVAL_BYTES) {
        index.add(expected, position, reader.timestamp());
        lastIndexed = position;
      }
      lastTimestamp = reader.timestamp();
      position += length;
      expected++;
    }
    index.flush();
    segment.lastTimestamp(lastTimestamp);
    return new Result(expected, lastTimestamp);
  }

  /** Decides whether the damage at {@code position} is a torn tail, and cuts it if so. */
  private void cut(long position, long expected, int problem, List<Repair> repairs)
      throws IOException {
    long size = segment.size();
    long found = 0;
    long latestSafe = -1;
    long at = resync(position + 1, expected);
    while (at >= 0) {
      int length = reader.check(segment, at, size, -1);
      if (length > 0) {
        found++;
        latestSafe = Math.max(latestSafe, reader.offset() - reader.unsafe());
        long next = reader.offset() + 1;
        at += length;
        if (at < size && reader.check(segment, at, size, next) <= 0) {
          at = resync(at + 1, next);
        }
      } else {
        at = resync(at + 1, expected);
      }
    }
    if (latestSafe > expected) {
      throw CorruptLogException.damagedRecord(
          segment.file, position, expected, describe(problem), partition, true);
    }
    String description =
        (found == 0
                ? describe(problem) + " at the end of the segment (a write cut short by a crash)"
                : describe(problem)
                    + ", followed by "
                    + found
                    + " intact records that were written before it was durable (an unsynced"
                    + " write cut short by a crash)")
            + "; cut off offsets "
            + expected
            + " and later, "
            + (size - position)
            + " bytes";
    LOG.warn(
        "repaired {} of partition {}: at byte {}, {}",
        segment.file,
        partition,
        position,
        description);
    repairs.add(new Repair(segment.file, position, size - position, description));
    segment.truncate(position);
  }

  /**
   * The position of the first record from {@code from} on that is intact and has an offset after
   * {@code after}, or -1. Skips byte by byte; only damaged segments pay for it.
   */
  private long resync(long from, long after) throws IOException {
    long size = segment.size();
    long maxOffset = after + size / RecordFormat.MIN_RECORD + 1;
    for (long at = from; at + RecordFormat.HEADER <= size; at++) {
      if (!reader.header(segment, at, size)) {
        return -1;
      }
      int length = reader.length();
      long offset = reader.offset();
      if (RecordFormat.plausibleLength(length)
          && at + 4 + length <= size
          && offset > after
          && offset <= maxOffset
          && reader.unsafe() >= 0
          && reader.check(segment, at, size, -1) > 0) {
        return at;
      }
    }
    return -1;
  }

  static String describe(int problem) {
    return switch (problem) {
      case FrameReader.INCOMPLETE -> "an incomplete record";
      case FrameReader.BAD_LENGTH -> "a record with an impossible length";
      case FrameReader.BAD_CHECKSUM -> "a record that fails its CRC32C check";
      case FrameReader.WRONG_OFFSET -> "a record with the wrong offset";
      default -> "a damaged record (" + problem + ")";
    };
  }
}
