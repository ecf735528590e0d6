package dev.herald.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Durable small-file and directory operations. */
final class FileSync {
  private static final boolean WINDOWS =
      System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");

  private FileSync() {}

  /**
   * Closes {@code channel} (if any) ignoring a failure: for channels whose writes were already
   * forced, or that were only read, a failing close loses nothing.
   */
  static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing unforced was written through it
      }
    }
  }

  /**
   * Makes the entries of {@code directory} (files created, renamed or deleted in it) durable. A
   * no-op on Windows, which cannot open a directory as a channel and commits directory entries with
   * the file's metadata.
   */
  static void directory(Path directory, ChannelFactory channels) throws IOException {
    if (WINDOWS) {
      return;
    }
    try (FileChannel channel = channels.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  /**
   * Replaces {@code target} with {@code content} so that a crash leaves either the old or the new
   * file whole: writes a temporary file, fsyncs it (if {@code durable}), renames it over the
   * target, and fsyncs the directory (if {@code durable}).
   */
  static void replace(Path target, byte[] content, boolean durable) throws IOException {
    Path temporary = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel channel =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      ByteBuffer buffer = ByteBuffer.wrap(content);
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
      if (durable) {
        channel.force(true);
      }
    }
    Files.move(
        temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    if (durable) {
      directory(target.toAbsolutePath().getParent(), ChannelFactory.DEFAULT);
    }
  }
}
