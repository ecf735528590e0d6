package dev.herald.log;

import dev.herald.core.HeraldException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ownership of a log directory: an OS file lock on {@code herald.lock} keeps other processes out,
 * and a set of held directories keeps a second transport of this JVM out (file locks are per
 * process, so the OS lets the same process lock twice, or throws).
 */
final class DirectoryLock implements AutoCloseable {
  static final String FILE = "herald.lock";
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  private final Path directory;
  private final FileChannel channel;
  private final FileLock lock;

  private DirectoryLock(Path directory, FileChannel channel, FileLock lock) {
    this.directory = directory;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes {@code directory} (an existing directory, real path) for this transport.
   *
   * @throws HeraldException if another transport of this process or another process holds it
   */
  static DirectoryLock acquire(Path directory) {
    if (!HELD.add(directory)) {
      throw new HeraldException(
          "the log directory "
              + directory
              + " is already open in this process; one transport at a time owns a log directory,"
              + " so share that transport or close it first");
    }
    FileChannel channel = null;
    try {
      channel =
          FileChannel.open(
              directory.resolve(FILE),
              StandardOpenOption.CREATE,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new HeraldException(
            "the log directory "
                + directory
                + " is in use by another process"
                + holder(channel)
                + "; one process at a time owns a log directory. Stop that process, or give"
                + " this one another directory.");
      }
      byte[] pid =
          ("pid " + ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(pid), 0);
      return new DirectoryLock(directory, channel, lock);
    } catch (IOException | RuntimeException e) {
      HELD.remove(directory);
      FileSync.closeQuietly(channel);
      if (e instanceof HeraldException herald) {
        throw herald;
      }
      throw new HeraldException(
          "cannot lock the log directory "
              + directory
              + ": "
              + e
              + "; check that it is writable by this user",
          e);
    }
  }

  /** Who holds the lock, as the lock file says, such as " (pid 4711)". */
  private static String holder(FileChannel channel) {
    try {
      ByteBuffer buffer = ByteBuffer.allocate(64);
      channel.read(buffer, 0);
      String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII);
      return text.startsWith("pid ") ? " (" + text.strip() + ")" : "";
    } catch (IOException e) {
      return ""; // some systems refuse reads of a file another process locked
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // closing the channel releases it too
    }
    FileSync.closeQuietly(channel);
    HELD.remove(directory);
  }
}
