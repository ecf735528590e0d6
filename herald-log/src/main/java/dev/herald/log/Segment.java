package dev.herald.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * One segment of a partition: {@code BASE.log} holds records from offset {@code BASE} on, {@code
 * BASE.idx} its sparse index. Only the partition's writer writes, to the active (last) segment,
 * through a channel of its own that it closes when the segment is full (sealed). Readers share
 * another channel; since interrupting a thread that reads a channel closes the channel, a reader
 * that finds it closed opens a new one, so one interrupted consumer disturbs neither the others nor
 * the writer.
 */
final class Segment {
  static final String LOG_SUFFIX = ".log";
  static final String INDEX_SUFFIX = ".idx";

  final long baseOffset;
  final Path file;
  private final ChannelFactory channels;
  private final SegmentIndex index;
  private volatile FileChannel writer;
  private FileChannel reader; // guarded by this
  private volatile long size;
  private volatile long lastTimestamp = -1;
  private volatile boolean indexLoaded;
  private volatile boolean deleted;

  private Segment(
      long baseOffset, Path file, ChannelFactory channels, FileChannel writer, long size) {
    this.baseOffset = baseOffset;
    this.file = file;
    this.channels = channels;
    this.writer = writer;
    this.size = size;
    this.index = new SegmentIndex(baseOffset, file.resolveSibling(name(baseOffset) + INDEX_SUFFIX));
  }

  /** The file name of the segment starting at {@code baseOffset}, without suffix. */
  static String name(long baseOffset) {
    return String.format(Locale.ROOT, "%020d", baseOffset);
  }

  /**
   * Creates an empty active segment and makes its files and their directory entries durable, so
   * that a crash never leaves records in a file the directory does not know.
   */
  static Segment create(Path directory, long baseOffset, ChannelFactory channels)
      throws IOException {
    Path file = directory.resolve(name(baseOffset) + LOG_SUFFIX);
    FileChannel writer =
        channels.open(
            file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE);
    Segment segment = new Segment(baseOffset, file, channels, writer, 0);
    try {
      writer.force(true);
      segment.index.openForWriting(channels, true);
      segment.index.force();
      FileSync.directory(directory, channels);
    } catch (IOException | RuntimeException e) {
      segment.close();
      throw e;
    }
    segment.indexLoaded = true;
    return segment;
  }

  /**
   * Opens an existing segment: the last one of its partition ({@code active}) for writing, others
   * only for reading. An active segment's index is loaded now, the others' on first use.
   */
  static Segment open(Path directory, long baseOffset, ChannelFactory channels, boolean active)
      throws IOException {
    Path file = directory.resolve(name(baseOffset) + LOG_SUFFIX);
    if (!active) {
      return new Segment(baseOffset, file, channels, null, Files.size(file));
    }
    FileChannel writer = channels.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
    Segment segment = new Segment(baseOffset, file, channels, writer, writer.size());
    try {
      segment.index.openForWriting(channels, false);
      segment.index();
    } catch (IOException | RuntimeException e) {
      segment.close();
      throw e;
    }
    return segment;
  }

  /** Bytes written so far; final once the segment is sealed. */
  long size() {
    return size;
  }

  /**
   * Timestamp of the last record, or -1 if the segment is empty; known for segments this process
   * wrote, found with {@code reader} from the last index entry on for others.
   */
  long lastTimestamp(FrameReader reader) throws IOException {
    long known = lastTimestamp;
    if (known >= 0) {
      return known;
    }
    SegmentIndex.Entry entry = index().last();
    long position = entry.position();
    long timestamp = entry.timestamp();
    for (int length; (length = reader.check(this, position, size, -1)) > 0; ) {
      timestamp = reader.timestamp();
      position += length;
    }
    lastTimestamp = timestamp;
    return timestamp;
  }

  void lastTimestamp(long timestamp) {
    this.lastTimestamp = timestamp;
  }

  boolean deleted() {
    return deleted;
  }

  /** The index, loaded and checked against the segment on first use. */
  SegmentIndex index() throws IOException {
    if (!indexLoaded) {
      synchronized (this) {
        if (!indexLoaded) {
          index.load(size);
          indexLoaded = true;
        }
      }
    }
    return index;
  }

  /** Appends {@code buffer} at the end with positional writes. Writer only. */
  void write(ByteBuffer buffer) throws IOException {
    FileChannel channel = writable();
    long position = size;
    while (buffer.hasRemaining()) {
      position += channel.write(buffer, position);
    }
    size = position;
  }

  /** Forces the records written so far to the device; a no-op once sealed (sealing forced). */
  void force() throws IOException {
    FileChannel channel = writer;
    if (channel == null) {
      return;
    }
    try {
      channel.force(false);
    } catch (ClosedChannelException e) {
      if (writer != null || deleted) {
        throw e;
      }
      // sealed meanwhile, which forced everything
    }
  }

  /** Forces records and index, then closes both for writing: the segment is full. Writer only. */
  void seal() throws IOException {
    FileChannel channel = writable();
    index.seal();
    channel.force(false);
    writer = null;
    channel.close();
  }

  /** Cuts the file at {@code newSize} and makes the cut durable. Recovery only. */
  void truncate(long newSize) throws IOException {
    FileChannel channel = writable();
    channel.truncate(newSize);
    channel.force(true);
    size = newSize;
    index.dropFrom(newSize);
  }

  /**
   * Reads into {@code buffer} from {@code position} until it is full or the file ends; returns the
   * bytes read.
   *
   * @throws ClosedByInterruptException if this thread was interrupted (its interrupt status set)
   * @throws ClosedChannelException if the segment was deleted meanwhile
   */
  int read(ByteBuffer buffer, long position) throws IOException {
    int start = buffer.position();
    for (int attempt = 0; ; attempt++) {
      FileChannel channel = reader();
      try {
        int total = 0;
        while (buffer.hasRemaining()) {
          int read = channel.read(buffer, position + total);
          if (read < 0) {
            break;
          }
          total += read;
        }
        return total;
      } catch (ClosedByInterruptException e) {
        reopen(channel);
        throw e;
      } catch (ClosedChannelException e) {
        if (deleted || attempt > 0) {
          throw e;
        }
        reopen(channel); // another reader was interrupted; read again on a new channel
        buffer.position(start);
      }
    }
  }

  private synchronized FileChannel reader() throws IOException {
    if (deleted) {
      throw new ClosedChannelException();
    }
    if (reader == null) {
      reader = channels.open(file, StandardOpenOption.READ);
    }
    return reader;
  }

  @SuppressWarnings("ReferenceEquality") // the very channel that was closed, not an equal one
  private synchronized void reopen(FileChannel closed) {
    if (reader == closed) {
      reader = null;
    }
  }

  private FileChannel writable() throws IOException {
    FileChannel channel = writer;
    if (channel == null) {
      throw new ClosedChannelException();
    }
    return channel;
  }

  void close() {
    FileChannel channel = writer;
    writer = null;
    FileSync.closeQuietly(channel);
    synchronized (this) {
      FileSync.closeQuietly(reader);
      reader = null;
    }
    try {
      index.close();
    } catch (IOException e) {
      // closing a channel whose data was forced loses nothing
    }
  }

  /** Closes and deletes both files; readers still using it see a closed channel. */
  void delete() throws IOException {
    synchronized (this) {
      deleted = true;
    }
    close();
    Files.deleteIfExists(file);
    Files.deleteIfExists(index.file());
  }

  @Override
  public String toString() {
    return file.toString();
  }
}
