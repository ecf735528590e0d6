package dev.herald.log;

import java.io.IOException;
import java.nio.file.Path;

/** Small files that must survive a crash whole, such as checkpoints kept beside a log. */
public final class DurableFiles {
  private DurableFiles() {}

  /**
   * Replaces {@code target} with {@code content} so that a crash leaves either the old or the new
   * file whole: writes a temporary file beside it, fsyncs it, renames it over the target, and
   * fsyncs the directory.
   */
  public static void replace(Path target, byte[] content) throws IOException {
    FileSync.replace(target, content, true);
  }
}
