package dev.herald.log;

import java.util.zip.CRC32C;

/**
 * The layout of one record in a segment file. Big-endian:
 *
 * <pre>
 *  0  int   length     bytes after this field (the record is length + 4 bytes long)
 *  4  int   crc        CRC32C of the length field and of every byte after this field
 *  8  long  offset     the record's offset in its partition
 * 16  long  timestamp  append time, milliseconds since the epoch, never decreasing in a partition
 * 24  int   unsafe     how many records right before this one were not yet durable when it was
 *                      written (capped at Integer.MAX_VALUE); recovery uses it to tell a torn,
 *                      unsynced tail from damage in data that was already durable
 * 28  ...   body       the envelope, see EnvelopeCodec
 * </pre>
 */
final class RecordFormat {
  static final int CRC = 4;
  static final int OFFSET = 8;
  static final int TIMESTAMP = 16;
  static final int UNSAFE = 24;
  static final int HEADER = 28;

  /** The smallest record: a header and the smallest envelope body. */
  static final int MIN_RECORD = HEADER + EnvelopeCodec.MIN_BODY;

  /** Larger than any record an accepted envelope makes; a length beyond it is damage. */
  static final int MAX_RECORD = 32 << 20;

  private RecordFormat() {}

  /** True if a length field of {@code length} can belong to a record. */
  static boolean plausibleLength(int length) {
    return length >= MIN_RECORD - 4 && length <= MAX_RECORD - 4;
  }

  /** The checksum of the record of {@code recordLength} bytes at {@code start} of {@code bytes}. */
  static int checksum(CRC32C crc, byte[] bytes, int start, int recordLength) {
    crc.reset();
    crc.update(bytes, start, 4);
    crc.update(bytes, start + OFFSET, recordLength - OFFSET);
    return (int) crc.getValue();
  }

  /** Fills in the header fields that are known only under the partition's lock, and the CRC. */
  static void seal(
      CRC32C crc, byte[] bytes, int start, long offset, long timestamp, long unsafeRecords) {
    Bytes.putLong(bytes, start + OFFSET, offset);
    Bytes.putLong(bytes, start + TIMESTAMP, timestamp);
    Bytes.putInt(bytes, start + UNSAFE, (int) Math.min(unsafeRecords, Integer.MAX_VALUE));
    int length = Bytes.getInt(bytes, start) + 4;
    Bytes.putInt(bytes, start + CRC, checksum(crc, bytes, start, length));
  }
}
