package dev.herald.cli;

/**
 * Where {@code herald tail --url} starts: the gateway's {@code from} ({@code earliest}, {@code
 * latest} or a stream position such as {@code 0:12,1:7}) and, for an offset, which the gateway does
 * not take, the offset below which events are read but not printed.
 *
 * @param from what the gateway is asked to start from
 * @param skipBelow events at lower offsets are not printed
 */
record TailStart(String from, long skipBelow) {
  /**
   * Reads {@code --from}: earliest, latest, an offset, or a stream position such as 0:12,1:7.
   *
   * @throws BadInputException if it is none of them, or not earliest or latest with a group
   */
  static TailStart parse(String text, boolean inGroup) {
    if (text.equals("earliest") || text.equals("latest")) {
      return new TailStart(text, 0);
    }
    Inputs.require(
        !inGroup,
        "--from",
        "with --url and --group it is earliest or latest; the group resumes after its commits");
    if (text.matches("\\d{1,18}")) {
      return new TailStart("earliest", Long.parseLong(text));
    }
    Inputs.require(
        text.matches("\\d+:\\d+(,\\d+:\\d+)*"),
        "--from",
        "'"
            + text
            + "' is not earliest, latest, an offset (0, 1, 2, ...) or a position of the stream"
            + " such as 0:12,1:7");
    return new TailStart(text, 0);
  }
}
