package dev.herald.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the log bench's sides keep their topics: one directory per run, made in a given parent and
 * deleted at {@link #close()}, and in it a directory per side, size and round, deleted after its
 * measurement (the throughput phases write up to gigabytes).
 */
final class BenchLogs implements AutoCloseable {
  private final Path root;
  private final String description;

  private BenchLogs(Path root, String description) {
    this.root = root;
    this.description = description;
  }

  /** Makes the run's directory in {@code parent}. */
  static BenchLogs create(Path parent) {
    Path root = Directories.create(parent, "herald-bench-log-", "the log transport");
    return new BenchLogs(root, root + " (" + fileSystem(root) + ")");
  }

  /**
   * The run's directory and its file system type, such as {@code /tmp/herald-bench-log-1 (ext4)}.
   */
  String description() {
    return description;
  }

  /** The directory of one log transport, named {@code name}; the transport creates it. */
  Path directory(String name) {
    return root.resolve(name);
  }

  /** Deletes {@code directory}, one that {@link #directory} named, and what is in it. */
  void delete(Path directory) {
    Directories.delete(directory, "a log side's directory");
  }

  @Override
  public void close() {
    Directories.delete(root, "the bench's log directory");
  }

  /** The file system type: fsync=always means little on tmpfs, so the table says it. */
  private static String fileSystem(Path path) {
    try {
      return Files.getFileStore(path).type();
    } catch (IOException e) {
      return "file system unknown";
    }
  }
}
