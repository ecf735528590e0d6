package dev.herald.cli;

import dev.herald.core.HeraldException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** A directory of the system's temporary area that a command fills and removes when done. */
final class TempDirectory implements AutoCloseable {
  private final Path path;

  private TempDirectory(Path path) {
    this.path = path;
  }

  /** Creates a new one whose name starts with {@code prefix}. */
  static TempDirectory create(String prefix) {
    try {
      return new TempDirectory(Files.createTempDirectory(prefix));
    } catch (IOException e) {
      throw new HeraldException(
          "cannot create a temporary directory (" + e.getMessage() + "); check java.io.tmpdir", e);
    }
  }

  Path path() {
    return path;
  }

  /** Deletes the directory and all in it; what cannot be deleted stays, with a note on stderr. */
  @Override
  public void close() {
    deleteTree(path);
  }

  static void deleteTree(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try {
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException failure)
                throws IOException {
              Files.delete(directory);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      System.err.println("could not delete " + root + ": " + e);
    }
  }
}
