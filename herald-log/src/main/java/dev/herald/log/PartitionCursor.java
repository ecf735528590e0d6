package dev.herald.log;

import dev.herald.core.Delivery;
import dev.herald.core.Envelope;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.util.List;

/**
 * A subscription's place in one partition: the next offset to deliver, and where in which segment
 * the reader stands. Reads in bulk through a {@link FrameReader}, never past the partition's
 * watermark, checks every record and decodes it. Not thread-safe.
 */
final class PartitionCursor {
  private final PartitionLog log;
  private final FrameReader reader;
  private final EnvelopeDecoder decoder;
  private long next;
  private Segment segment;
  private long position;
  private long positionOffset;

  PartitionCursor(PartitionLog log, EnvelopeDecoder decoder, long next) {
    this(log, decoder, next, new FrameReader());
  }

  /** A cursor reading through {@code reader}, such as a small one for a few records. */
  PartitionCursor(PartitionLog log, EnvelopeDecoder decoder, long next, FrameReader reader) {
    this.reader = reader;
    this.log = log;
    this.decoder = decoder;
    this.next = next;
  }

  /** The next offset this cursor delivers. */
  long next() {
    return next;
  }

  /** Makes the next read start at {@code offset}. */
  void seek(long offset) {
    next = Math.max(0, offset);
    segment = null;
  }

  /** True if the partition holds records this cursor has not delivered. */
  boolean hasMore() {
    return next < log.watermark().offset();
  }

  /**
   * Adds up to {@code max} deliveries to {@code out}; returns how many.
   *
   * @throws CorruptLogException if a record below the watermark is damaged
   * @throws ClosedByInterruptException if the reading thread was interrupted
   */
  int read(int max, List<Delivery> out) throws IOException {
    int before = out.size();
    try {
      return readRecords(max, out);
    } catch (ClosedByInterruptException e) {
      throw e;
    } catch (ClosedChannelException e) {
      // retention deleted the segment under us; go on from the oldest kept offset
      segment = null;
      reader.invalidate();
      int read = out.size() - before;
      return read + readRecords(max - read, out);
    }
  }

  private int readRecords(int max, List<Delivery> out) throws IOException {
    PartitionLog.Watermark end = log.watermark();
    if (next >= end.offset()) {
      return 0;
    }
    List<Segment> segments = log.segments();
    if (next < segments.get(0).baseOffset) {
      next = segments.get(0).baseOffset;
      segment = null;
    }
    int count = 0;
    TailCache cache = log.cache();
    for (Envelope cached;
        count < max && next < end.offset() && (cached = cache.get(next)) != null;
        next++, count++) {
      out.add(new Delivery(cached, log.topic, log.partition, next));
      segment = null; // the file position no longer matches; found again if the file is needed
    }
    if (count == max || next >= end.offset()) {
      return count;
    }
    if (segment == null || segment.deleted() || positionOffset > next) {
      locate(segments, end);
    }
    while (count < max && next < end.offset()) {
      long limit = segment == end.segment() ? end.position() : segment.size();
      if (position >= limit) {
        Segment following = following(segments, segment);
        if (segment == end.segment() || following == null) {
          break;
        }
        if (following.baseOffset != positionOffset) {
          throw new CorruptLogException(
              following.file,
              0,
              "the log of partition "
                  + log.name
                  + " has a gap: "
                  + segment.file
                  + " ends before offset "
                  + positionOffset
                  + " but the next segment starts at "
                  + following.baseOffset
                  + ". A segment file was deleted or cut short. Restore the directory from a"
                  + " backup.");
        }
        segment = following;
        position = 0;
        continue;
      }
      int length = reader.check(segment, position, limit, positionOffset);
      if (length <= 0 && count > 0) {
        break; // deliver what came before the damage; the next read reports it
      }
      if (length <= 0) {
        throw CorruptLogException.damagedRecord(
            segment.file,
            position,
            positionOffset,
            SegmentRecovery.describe(length),
            log.name,
            false);
      }
      if (positionOffset == next) {
        Envelope envelope;
        try {
          envelope = decode(length);
        } catch (CorruptLogException e) {
          if (count > 0) {
            break; // as above
          }
          throw e;
        }
        out.add(new Delivery(envelope, log.topic, log.partition, next));
        next++;
        count++;
      }
      position += length;
      positionOffset++;
    }
    return count;
  }

  private Envelope decode(int length) {
    int start = reader.start();
    try {
      return decoder.decode(reader.array(), start + RecordFormat.HEADER, start + length);
    } catch (EnvelopeDecoder.MalformedBodyException e) {
      throw new CorruptLogException(
          segment.file,
          position,
          "the record at byte "
              + position
              + " of "
              + segment.file
              + " (offset "
              + positionOffset
              + ") is intact but cannot be read: "
              + e.getMessage());
    }
  }

  /** Finds the segment and index entry to start reading {@code next} from. */
  private void locate(List<Segment> segments, PartitionLog.Watermark end) throws IOException {
    Segment found = segments.get(0);
    for (Segment candidate : segments) {
      if (candidate.baseOffset > next) {
        break;
      }
      found = candidate;
    }
    SegmentIndex.Entry entry = found.index().floorOffset(next);
    long limit = found == end.segment() ? end.position() : found.size();
    if (entry.position() > 0 && reader.check(found, entry.position(), limit, entry.offset()) <= 0) {
      entry = new SegmentIndex.Entry(found.baseOffset, 0, -1); // a bad index entry: scan instead
    }
    segment = found;
    position = entry.position();
    positionOffset = entry.offset();
  }

  private static Segment following(List<Segment> segments, Segment segment) {
    int index = segments.indexOf(segment);
    return index >= 0 && index + 1 < segments.size() ? segments.get(index + 1) : null;
  }

  /**
   * The first offset of {@code log} whose record was appended at or after {@code timestamp}
   * (milliseconds since the epoch), or the end of what readers may read if there is none.
   *
   * @throws CorruptLogException if a record it has to look at is damaged
   */
  static long offsetForTime(PartitionLog log, long timestamp) throws IOException {
    PartitionLog.Watermark end = log.watermark();
    FrameReader reader = new FrameReader();
    for (Segment segment : log.segments()) {
      if (segment.baseOffset >= end.offset()) {
        break;
      }
      boolean active = segment == end.segment();
      if (!active && segment.lastTimestamp(reader) < timestamp) {
        continue;
      }
      SegmentIndex.Entry entry = segment.index().floorTime(timestamp);
      long limit = active ? end.position() : segment.size();
      long position = entry.position();
      for (long offset = entry.offset(); offset < end.offset() && position < limit; offset++) {
        int length = reader.check(segment, position, limit, offset);
        if (length <= 0) {
          throw CorruptLogException.damagedRecord(
              segment.file, position, offset, SegmentRecovery.describe(length), log.name, false);
        }
        if (reader.timestamp() >= timestamp) {
          return offset;
        }
        position += length;
      }
    }
    return end.offset();
  }
}
