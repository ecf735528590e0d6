package dev.herald.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Reads records from a segment through a window of the file kept in a byte array, so that many
 * records come from one read call, and checks each one. Not thread-safe.
 */
final class FrameReader {
  /** {@link #check} result: the record runs past the readable end. */
  static final int INCOMPLETE = -1;

  /** {@link #check} result: the length field cannot be a record's. */
  static final int BAD_LENGTH = -2;

  /** {@link #check} result: the checksum does not match. */
  static final int BAD_CHECKSUM = -3;

  /** {@link #check} result: intact, but not the offset expected there. */
  static final int WRONG_OFFSET = -4;

  static final int DEFAULT_CAPACITY = 128 << 10;

  private final CRC32C crc = new CRC32C();
  private byte[] buffer;
  private Segment segment;
  private long windowStart;
  private int windowLength;
  private int start;

  FrameReader() {
    this(DEFAULT_CAPACITY);
  }

  FrameReader(int capacity) {
    buffer = new byte[capacity];
  }

  /** The array holding the last checked record, which starts at {@link #start()}. */
  byte[] array() {
    return buffer;
  }

  /** Where the last checked record starts in {@link #array()}. */
  int start() {
    return start;
  }

  /** Forgets the window, so the next check reads the file again. */
  void invalidate() {
    segment = null;
    windowLength = 0;
  }

  /**
   * Checks the record at {@code position} of {@code segment}, reading no further than {@code
   * limit}. Returns its length in bytes if it is intact and (unless {@code expectedOffset} is
   * negative) has that offset; otherwise {@link #INCOMPLETE}, {@link #BAD_LENGTH}, {@link
   * #BAD_CHECKSUM} or {@link #WRONG_OFFSET}.
   */
  int check(Segment segment, long position, long limit, long expectedOffset) throws IOException {
    if (!load(segment, position, 4, limit)) {
      return INCOMPLETE;
    }
    int length = Bytes.getInt(buffer, start);
    if (!RecordFormat.plausibleLength(length)) {
      return BAD_LENGTH;
    }
    int recordLength = length + 4;
    if (!load(segment, position, recordLength, limit)) {
      return INCOMPLETE;
    }
    if (RecordFormat.checksum(crc, buffer, start, recordLength)
        != Bytes.getInt(buffer, start + RecordFormat.CRC)) {
      return BAD_CHECKSUM;
    }
    if (expectedOffset >= 0 && offset() != expectedOffset) {
      return WRONG_OFFSET;
    }
    return recordLength;
  }

  /**
   * Loads the header of whatever is at {@code position}, without checking it, so that {@link
   * #length()}, {@link #offset()} and {@link #unsafe()} read it; false if it runs past {@code
   * limit}.
   */
  boolean header(Segment segment, long position, long limit) throws IOException {
    return load(segment, position, RecordFormat.HEADER, limit);
  }

  /** The length field of the last loaded header. */
  int length() {
    return Bytes.getInt(buffer, start);
  }

  /** Offset of the last checked record. */
  long offset() {
    return Bytes.getLong(buffer, start + RecordFormat.OFFSET);
  }

  /** Timestamp of the last checked record. */
  long timestamp() {
    return Bytes.getLong(buffer, start + RecordFormat.TIMESTAMP);
  }

  /** The "unsafe" field of the last checked record. */
  int unsafe() {
    return Bytes.getInt(buffer, start + RecordFormat.UNSAFE);
  }

  /**
   * Makes bytes {@code [position, position + count)} available at {@link #start()}; false if the
   * readable part ({@code limit}, or the end of the file) ends before.
   */
  private boolean load(Segment segment, long position, int count, long limit) throws IOException {
    if (position + count > limit) {
      return false;
    }
    if (segment == this.segment
        && position >= windowStart
        && position + count <= windowStart + windowLength) {
      start = (int) (position - windowStart);
      return true;
    }
    if (count > buffer.length) {
      buffer = new byte[count];
    } else if (buffer.length > 4 * DEFAULT_CAPACITY && count <= DEFAULT_CAPACITY) {
      buffer = new byte[DEFAULT_CAPACITY]; // give back the room a huge record took
    }
    int wanted = (int) Math.min(buffer.length, limit - position);
    ByteBuffer target = ByteBuffer.wrap(buffer, 0, wanted);
    int read = segment.read(target, position);
    this.segment = segment;
    this.windowStart = position;
    this.windowLength = read;
    start = 0;
    return read >= count;
  }
}
