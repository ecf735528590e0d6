package dev.herald.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The sparse index of one segment: an entry for the segment's first record and then one every
 * {@link #INTERVAL_BYTES} or so, each {@code (int offset - base, int position, long timestamp)} in
 * 16 big-endian bytes. Finds where to start reading for an offset or a time. The file is a cache:
 * entries are checked when loaded, a bad suffix is dropped, and the segment can be scanned instead.
 * Only the active segment's index keeps its file open, for the writer. Thread-safe.
 */
final class SegmentIndex {
  static final int ENTRY_BYTES = 16;
  static final int INTERVAL_BYTES = 4096;

  /**
   * Where to start reading.
   *
   * @param offset offset of the record at {@code position}
   * @param position byte position of that record in the segment
   * @param timestamp its timestamp
   */
  record Entry(long offset, long position, long timestamp) {}

  private final long baseOffset;
  private final Path file;
  private FileChannel channel;
  private int[] offsets = new int[16];
  private int[] positions = new int[16];
  private long[] timestamps = new long[16];
  private int count;
  private int persisted;

  SegmentIndex(long baseOffset, Path file) {
    this.baseOffset = baseOffset;
    this.file = file;
  }

  Path file() {
    return file;
  }

  /** Opens the file for the writer (creating it, emptied, if {@code create}). */
  synchronized void openForWriting(ChannelFactory channels, boolean create) throws IOException {
    channel =
        create
            ? channels.open(
                file,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.READ,
                StandardOpenOption.WRITE)
            : channels.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  synchronized int size() {
    return count;
  }

  /**
   * Reads the file and keeps its longest valid prefix: entries strictly growing in offset and
   * position, never decreasing in time, starting at {@code (0, 0)}, inside {@code segmentSize}. A
   * dropped suffix is cut from the file too, if it can be.
   */
  synchronized void load(long segmentSize) throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      bytes = new byte[0];
    }
    count = 0;
    for (int i = 0; i + ENTRY_BYTES <= bytes.length; i += ENTRY_BYTES) {
      int offset = Bytes.getInt(bytes, i);
      int position = Bytes.getInt(bytes, i + 4);
      long timestamp = Bytes.getLong(bytes, i + 8);
      boolean valid =
          count == 0
              ? offset == 0 && position == 0
              : offset > offsets[count - 1]
                  && position > positions[count - 1]
                  && timestamp >= timestamps[count - 1];
      if (!valid || position >= segmentSize) {
        break;
      }
      append(offset, position, timestamp);
    }
    persisted = count;
    if ((long) count * ENTRY_BYTES != bytes.length) {
      cutFile((long) count * ENTRY_BYTES);
    }
  }

  /** Adds an entry for the record of {@code offset} at {@code position}; kept in memory. */
  synchronized void add(long offset, long position, long timestamp) {
    append((int) (offset - baseOffset), (int) position, timestamp);
  }

  /** Writes the entries added since the last flush to the file, without forcing it. */
  synchronized void flush() throws IOException {
    if (persisted == count || channel == null) {
      return;
    }
    ByteBuffer buffer = ByteBuffer.allocate((count - persisted) * ENTRY_BYTES);
    for (int i = persisted; i < count; i++) {
      buffer.putInt(offsets[i]).putInt(positions[i]).putLong(timestamps[i]);
    }
    buffer.flip();
    long at = (long) persisted * ENTRY_BYTES;
    while (buffer.hasRemaining()) {
      at += channel.write(buffer, at);
    }
    persisted = count;
  }

  synchronized void force() throws IOException {
    if (channel != null) {
      channel.force(false);
    }
  }

  /** Writes, forces and closes the file: the segment is full and its index final. */
  synchronized void seal() throws IOException {
    flush();
    force();
    close();
  }

  /** Drops entries at or after {@code position}, such as after the segment was cut there. */
  synchronized void dropFrom(long position) throws IOException {
    int keep = count;
    while (keep > 0 && positions[keep - 1] >= position) {
      keep--;
    }
    if (keep < count) {
      count = keep;
      persisted = Math.min(persisted, keep);
      cutFile((long) keep * ENTRY_BYTES);
    }
  }

  /** Drops the last entry, which turned out not to point at a valid record. */
  synchronized void dropLast() throws IOException {
    if (count > 0) {
      dropFrom(positions[count - 1]);
    }
  }

  /** The last entry, or the segment's start if there is none. */
  synchronized Entry last() {
    return count == 0 ? new Entry(baseOffset, 0, -1) : entry(count - 1);
  }

  /** The last entry at or before {@code offset}, or the segment's start. */
  synchronized Entry floorOffset(long offset) {
    long relative = offset - baseOffset;
    int low = 0;
    int high = count - 1;
    int found = -1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      if (offsets[middle] <= relative) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found < 0 ? new Entry(baseOffset, 0, -1) : entry(found);
  }

  /** The last entry with a timestamp before {@code timestamp}, or the segment's start. */
  synchronized Entry floorTime(long timestamp) {
    int low = 0;
    int high = count - 1;
    int found = -1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      if (timestamps[middle] < timestamp) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found < 0 ? new Entry(baseOffset, 0, -1) : entry(found);
  }

  synchronized void close() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  private void cutFile(long size) throws IOException {
    if (channel != null) {
      channel.truncate(size);
    } else if (Files.exists(file)) {
      // a sealed segment's index; the file only has to be right for the next open
      try (FileChannel cut = FileChannel.open(file, StandardOpenOption.WRITE)) {
        cut.truncate(size);
      }
    }
  }

  private Entry entry(int i) {
    return new Entry(baseOffset + offsets[i], positions[i], timestamps[i]);
  }

  private void append(int offset, int position, long timestamp) {
    if (count == offsets.length) {
      offsets = Arrays.copyOf(offsets, count * 2);
      positions = Arrays.copyOf(positions, count * 2);
      timestamps = Arrays.copyOf(timestamps, count * 2);
    }
    offsets[count] = offset;
    positions[count] = position;
    timestamps[count] = timestamp;
    count++;
  }
}
