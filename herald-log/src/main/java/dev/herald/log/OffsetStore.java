package dev.herald.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * The committed offsets of one consumer group on one topic, in {@code TOPIC.groups/GROUP.offsets}:
 * magic {@code HOFS}, format byte 1, an int count, then per partition an int partition and a long
 * offset, and a CRC32C of all of it. Replaced atomically on every commit.
 */
final class OffsetStore {
  static final String SUFFIX = ".offsets";
  private static final int MAGIC = 0x484f4653; // "HOFS"
  private static final int FORMAT = 1;

  private OffsetStore() {}

  /** The directory holding the groups of {@code topic}. */
  static Path groupsDirectory(Path root, String topic) {
    return root.resolve(topic + ".groups");
  }

  static Path file(Path root, String topic, String group) {
    return groupsDirectory(root, topic).resolve(group + SUFFIX);
  }

  /**
   * Reads the offsets in {@code file}.
   *
   * @throws CorruptLogException if the file is damaged
   */
  static Map<Integer, Long> load(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    Map<Integer, Long> offsets = new TreeMap<>();
    boolean valid = bytes.length >= 13 && buffer.getInt() == MAGIC && buffer.get() == FORMAT;
    if (valid) {
      int count = buffer.getInt();
      valid = count >= 0 && bytes.length == 13 + count * 12L;
      for (int i = 0; valid && i < count; i++) {
        offsets.put(buffer.getInt(), buffer.getLong());
      }
      if (valid) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        valid = (int) crc.getValue() == buffer.getInt();
      }
    }
    if (!valid) {
      throw new CorruptLogException(
          file,
          0,
          "the committed offsets in "
              + file
              + " are damaged, so Herald cannot tell where the group stands. Restore the file"
              + " from a backup, or delete it to restart the group from its start position"
              + " (which may handle events again or skip them, depending on that position).");
    }
    return offsets;
  }

  /**
   * Replaces {@code file} with {@code offsets}; fsyncs the file and directory if {@code durable}.
   */
  static void save(Path file, Map<Integer, Long> offsets, boolean durable) throws IOException {
    Path directory = file.getParent();
    if (!Files.isDirectory(directory)) {
      Files.createDirectories(directory);
      if (durable) {
        FileSync.directory(directory.getParent(), ChannelFactory.DEFAULT);
      }
    }
    ByteBuffer buffer = ByteBuffer.allocate(13 + offsets.size() * 12);
    buffer.putInt(MAGIC).put((byte) FORMAT).putInt(offsets.size());
    offsets.forEach((partition, offset) -> buffer.putInt(partition).putLong(offset));
    CRC32C crc = new CRC32C();
    crc.update(buffer.array(), 0, buffer.position());
    buffer.putInt((int) crc.getValue());
    FileSync.replace(file, buffer.array(), durable);
  }
}
