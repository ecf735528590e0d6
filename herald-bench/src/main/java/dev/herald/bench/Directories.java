package dev.herald.bench;

import dev.herald.core.HeraldException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The temporary directories a bench makes (a broker's, the log transport's) and removes. */
final class Directories {
  private Directories() {}

  /**
   * Creates a new directory in {@code parent} whose name starts with {@code prefix}.
   *
   * @throws HeraldException naming {@code what} the directory was for if it cannot be created
   */
  static Path create(Path parent, String prefix, String what) {
    try {
      return Files.createTempDirectory(parent, prefix);
    } catch (IOException e) {
      throw new HeraldException(
          "cannot create a directory for " + what + " in " + parent + ": " + e, e);
    }
  }

  /**
   * Deletes {@code directory} and everything in it; a failure is reported on stderr, naming {@code
   * what} the directory held, and not thrown, so that it never hides the bench's own outcome.
   */
  static void delete(Path directory, String what) {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(directory)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      System.err.println("could not delete " + what + " " + directory + ": " + e);
    }
  }
}
