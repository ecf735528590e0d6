package dev.herald.log;

import java.nio.file.Path;
import java.util.List;

/**
 * What a log transport repaired when it opened its directory: torn or unsynced tails cut off after
 * a crash, and committed offsets that pointed past what survived. Empty after a clean shutdown.
 *
 * @param repairs each repair, in the order they were made
 */
public record RecoveryReport(List<Repair> repairs) {
  /** Copies the list. */
  public RecoveryReport {
    repairs = List.copyOf(repairs);
  }

  /**
   * One repair.
   *
   * @param file the file repaired
   * @param position the byte position in the file where the damage starts
   * @param bytesDropped bytes cut off from {@code position} on (0 if nothing was cut)
   * @param description what was found and done, for people
   */
  public record Repair(Path file, long position, long bytesDropped, String description) {
    @Override
    public String toString() {
      return file + " at byte " + position + ": " + description;
    }
  }

  /** True if nothing had to be repaired. */
  public boolean clean() {
    return repairs.isEmpty();
  }

  /** Bytes cut off over all repairs. */
  public long bytesDropped() {
    return repairs.stream().mapToLong(Repair::bytesDropped).sum();
  }

  /** One line for people, such as {@code 2 repairs, 130 bytes dropped}. */
  public String summary() {
    return clean()
        ? "clean, nothing repaired"
        : repairs.size()
            + (repairs.size() == 1 ? " repair, " : " repairs, ")
            + bytesDropped()
            + " bytes dropped";
  }
}
