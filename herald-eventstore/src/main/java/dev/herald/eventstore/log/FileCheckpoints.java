package dev.herald.eventstore.log;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.HeraldException;
import dev.herald.eventstore.Checkpoints;
import dev.herald.log.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checkpoints in one small JSON file beside the log's topics, {@code
 * herald.eventstore.checkpoints.json}, replaced atomically on every save (written to a temporary
 * file, fsynced, renamed over the old one, directory fsynced): a crash leaves the old file or the
 * new one, whole. Simpler than a topic of checkpoint events, which would grow with every save and
 * be read back on every open; the file stays as small as the number of names. Thread-safe; saves
 * are serialized and each costs an fsync, so save after a batch of events, not after each.
 */
final class FileCheckpoints implements Checkpoints {
  static final String FILE = "herald.eventstore.checkpoints.json";

  private static final Logger LOG = LoggerFactory.getLogger(FileCheckpoints.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final Map<String, Long> positions; // guarded by this
  private boolean closed; // guarded by this

  private FileCheckpoints(Path file, Map<String, Long> positions) {
    this.file = file;
    this.positions = positions;
  }

  /**
   * Loads the checkpoints in {@code directory}, pulling back any past {@code end}, the log's end: a
   * crash without fsync can lose events a checkpoint had passed, and the positions of the events
   * appended next must not be skipped.
   *
   * @throws HeraldException if the file is damaged or cannot be read
   */
  static FileCheckpoints open(Path directory, long end) {
    Path file = directory.resolve(FILE);
    Map<String, Long> positions = new TreeMap<>();
    try {
      Files.deleteIfExists(file.resolveSibling(FILE + ".tmp")); // a save cut short
      if (Files.exists(file)) {
        positions.putAll(JSON.readValue(file.toFile(), new TypeReference<Map<String, Long>>() {}));
      }
    } catch (IOException | RuntimeException e) {
      throw new HeraldException(
          "the event store's checkpoints in "
              + file
              + " cannot be read ("
              + e.getMessage()
              + "). Restore the file from a backup, or delete it to start every subscription"
              + " over from the position it asks for",
          e);
    }
    FileCheckpoints checkpoints = new FileCheckpoints(file, positions);
    boolean pulledBack = false;
    for (Map.Entry<String, Long> entry : positions.entrySet()) {
      if (entry.getValue() == null || entry.getValue() > end) {
        LOG.warn(
            "event store checkpoint {} was at {}, past the log's end {} after a crash; it resumes"
                + " at {}",
            entry.getKey(),
            entry.getValue(),
            end,
            end);
        entry.setValue(end);
        pulledBack = true;
      }
    }
    if (pulledBack) {
      synchronized (checkpoints) {
        checkpoints.write();
      }
    }
    return checkpoints;
  }

  /** Refuses loads and saves from now on: the store closed. */
  synchronized void close() {
    closed = true;
  }

  @Override
  public synchronized OptionalLong load(String name) {
    checkOpen();
    Long position = positions.get(check(name));
    return position == null ? OptionalLong.empty() : OptionalLong.of(position);
  }

  @Override
  public synchronized void save(String name, long nextPosition) {
    checkOpen();
    check(name);
    if (nextPosition < 0) {
      throw new HeraldException(
          "checkpoint " + name + " must be a position of 0 or more, was " + nextPosition);
    }
    Long before = positions.put(name, nextPosition);
    try {
      write();
    } catch (HeraldException e) {
      if (before == null) {
        positions.remove(name);
      } else {
        positions.put(name, before);
      }
      throw e;
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new HeraldException(
          "the event store of "
              + file.getParent()
              + " is closed; open it again to use checkpoints");
    }
  }

  private static String check(String name) {
    if (name == null || name.isEmpty() || name.length() > 200) {
      throw new HeraldException("a checkpoint name is 1 to 200 characters, was '" + name + "'");
    }
    return name;
  }

  private void write() {
    try {
      DurableFiles.replace(
          file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(positions));
    } catch (IOException e) {
      throw new HeraldException(
          "saving the event store's checkpoints to "
              + file
              + " failed: "
              + e
              + "; check the disk (free space, permissions), then save again",
          e);
    }
  }
}
