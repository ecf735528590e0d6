package dev.herald.core;

/**
 * Where a consumer group starts reading a partition it has no committed offset for. Once the group
 * has committed, it always resumes after its last commit.
 */
public sealed interface StartPosition {
  /** From the oldest event still kept. */
  static StartPosition earliest() {
    return Earliest.INSTANCE;
  }

  /** Only events published after the group joins. */
  static StartPosition latest() {
    return Latest.INSTANCE;
  }

  /** From {@code offset} in every partition (clamped to what the partition holds). */
  static StartPosition offset(long offset) {
    if (offset < 0) {
      throw new HeraldException("start offset " + offset + " is negative; offsets start at 0");
    }
    return new AtOffset(offset);
  }

  /**
   * Parses {@code earliest}, {@code latest} or a non-negative offset.
   *
   * @throws HeraldException naming the accepted forms if {@code text} is none of them
   */
  static StartPosition parse(String text) {
    return switch (text) {
      case "earliest" -> earliest();
      case "latest" -> latest();
      default -> {
        try {
          yield offset(Long.parseLong(text));
        } catch (NumberFormatException e) {
          throw new HeraldException(
              "start position '" + text + "' is not earliest, latest or an offset (0, 1, 2, ...)");
        }
      }
    };
  }

  /** From the oldest event still kept. */
  enum Earliest implements StartPosition {
    INSTANCE
  }

  /** Only events published after the group joins. */
  enum Latest implements StartPosition {
    INSTANCE
  }

  /**
   * From a given offset in every partition.
   *
   * @param offset the offset, 0 or more
   */
  record AtOffset(long offset) implements StartPosition {}

  /** Resolves this position against a partition holding offsets {@code [0, end)}. */
  default long resolve(long end) {
    return switch (this) {
      case Earliest e -> 0;
      case Latest l -> end;
      case AtOffset at -> Math.min(at.offset(), end);
    };
  }
}
