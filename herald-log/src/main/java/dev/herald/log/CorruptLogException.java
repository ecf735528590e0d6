package dev.herald.log;

import dev.herald.core.HeraldException;
import java.nio.file.Path;

/**
 * Damage inside the log that is not a torn tail from a crash: a record that fails its checksum with
 * intact records after it, a gap in the offsets, or an unreadable metadata file. The log stops
 * rather than skip events; the message names the file and position and says what to do.
 */
public final class CorruptLogException extends HeraldException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long position;

  CorruptLogException(Path file, long position, String message) {
    super(message);
    this.file = file;
    this.position = position;
  }

  /**
   * A record that is damaged where a crash cannot have damaged it.
   *
   * @param file the segment file
   * @param position the record's byte position in the file
   * @param offset the offset the record should have
   * @param problem what is wrong with it, such as "a record that fails its CRC32C check"
   * @param partition the partition, such as {@code orders/2}
   * @param followed true if intact records written after it was durable follow it
   */
  static CorruptLogException damagedRecord(
      Path file, long position, long offset, String problem, String partition, boolean followed) {
    return new CorruptLogException(
        file,
        position,
        "the log of partition "
            + partition
            + " is damaged: "
            + file
            + " has "
            + problem
            + " at byte "
            + position
            + " (offset "
            + offset
            + ")"
            + (followed
                ? ", and records written after it was durable follow, so this is not a write cut"
                    + " short by a crash"
                : "")
            + ". Herald stops rather than skip events. Restore the directory from a backup; or, to"
            + " give up offset "
            + offset
            + " and everything after it in this partition, stop the process, cut the file to "
            + position
            + " bytes (truncate -s "
            + position
            + " '"
            + file
            + "'), delete the segment files after it in "
            + file.getParent()
            + " and open the log again.");
  }

  /** The damaged file. */
  public Path file() {
    return file;
  }

  /** The byte position in {@link #file()} where the damage starts. */
  public long position() {
    return position;
  }
}
