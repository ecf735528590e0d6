package dev.herald.log;

import dev.herald.core.HeraldException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How a log transport stores its topics, parsed from {@code
 * log:DIR[?partitions=N&fsync=MODE&segment.bytes=B&retention.bytes=B&retention.ms=MS]}.
 *
 * @param directory where the topics live; one process at a time owns it
 * @param partitions partitions of topics created from now on; an existing topic keeps its count
 * @param durability when an append is acknowledged; see {@link Durability}
 * @param segmentBytes size at which a partition starts a new segment file
 * @param retentionBytes bytes per partition kept at least before whole old segments are deleted, or
 *     -1 to keep everything
 * @param retentionMs age in milliseconds after which whole old segments are deleted, or -1 to keep
 *     everything
 */
public record LogSettings(
    Path directory,
    int partitions,
    Durability durability,
    long segmentBytes,
    long retentionBytes,
    long retentionMs) {

  /** Partitions of a new topic unless {@code partitions=} says otherwise. */
  public static final int DEFAULT_PARTITIONS = 4;

  /** Segment size unless {@code segment.bytes=} says otherwise: 64 MiB. */
  public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;

  static final long MIN_SEGMENT_BYTES = 1024;
  static final long MAX_SEGMENT_BYTES = 1L << 30;
  static final int MAX_PARTITIONS = 1024;

  private static final Set<String> OPTIONS =
      Set.of("partitions", "fsync", "segment.bytes", "retention.bytes", "retention.ms");

  /** Checks every setting; each message says which one is wrong and what it accepts. */
  public LogSettings {
    if (directory == null) {
      throw new HeraldException("the log directory is missing; give one, as in log:./herald-data");
    }
    if (partitions < 1 || partitions > MAX_PARTITIONS) {
      throw new HeraldException(
          "partitions=" + partitions + " must be from 1 to " + MAX_PARTITIONS);
    }
    if (durability == null) {
      throw new HeraldException("the durability is missing; use Durability.always()");
    }
    if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > MAX_SEGMENT_BYTES) {
      throw new HeraldException(
          "segment.bytes="
              + segmentBytes
              + " must be from "
              + MIN_SEGMENT_BYTES
              + " to "
              + MAX_SEGMENT_BYTES
              + " (1 GiB)");
    }
    if (retentionBytes < -1) {
      throw new HeraldException(
          "retention.bytes=" + retentionBytes + " must be 0 or more, or -1 to keep everything");
    }
    if (retentionMs < -1 || retentionMs == 0) {
      throw new HeraldException(
          "retention.ms=" + retentionMs + " must be 1 or more, or -1 to keep everything");
    }
  }

  /** Defaults for {@code directory}: 4 partitions, fsync always, 64 MiB segments, no retention. */
  public static LogSettings of(Path directory) {
    return new LogSettings(
        directory, DEFAULT_PARTITIONS, Durability.always(), DEFAULT_SEGMENT_BYTES, -1, -1);
  }

  /** These settings with {@code partitions} partitions for new topics. */
  public LogSettings withPartitions(int partitions) {
    return new LogSettings(
        directory, partitions, durability, segmentBytes, retentionBytes, retentionMs);
  }

  /** These settings with {@code durability}. */
  public LogSettings withDurability(Durability durability) {
    return new LogSettings(
        directory, partitions, durability, segmentBytes, retentionBytes, retentionMs);
  }

  /** These settings with segments of {@code segmentBytes}. */
  public LogSettings withSegmentBytes(long segmentBytes) {
    return new LogSettings(
        directory, partitions, durability, segmentBytes, retentionBytes, retentionMs);
  }

  /** These settings with retention by size and age ({@code -1} keeps everything). */
  public LogSettings withRetention(long retentionBytes, long retentionMs) {
    return new LogSettings(
        directory, partitions, durability, segmentBytes, retentionBytes, retentionMs);
  }

  /**
   * Parses a {@code log:} URI.
   *
   * @throws HeraldException naming the part that is wrong and what it accepts
   */
  public static LogSettings parse(String uri) {
    if (uri == null || !uri.startsWith("log:")) {
      throw new HeraldException("'" + uri + "' is not a log: URI, such as log:./herald-data");
    }
    String rest = uri.substring("log:".length());
    int question = rest.indexOf('?');
    String dir = question < 0 ? rest : rest.substring(0, question);
    if (dir.isEmpty()) {
      throw new HeraldException(
          "'" + uri + "' names no directory; give one, as in log:./herald-data or log:/var/herald");
    }
    Path directory;
    try {
      directory = Path.of(dir);
    } catch (InvalidPathException e) {
      throw new HeraldException(
          "'" + dir + "' in '" + uri + "' is not a valid directory path: " + e.getReason(), e);
    }
    LogSettings settings = of(directory);
    Map<String, String> options =
        question < 0 ? Map.of() : options(uri, rest.substring(question + 1));
    for (Map.Entry<String, String> option : options.entrySet()) {
      String value = option.getValue();
      settings =
          switch (option.getKey()) {
            case "partitions" -> settings.withPartitions(toInt("partitions", value));
            case "fsync" -> settings.withDurability(Durability.parse(value));
            case "segment.bytes" -> settings.withSegmentBytes(toLong("segment.bytes", value));
            case "retention.bytes" ->
                settings.withRetention(toLong("retention.bytes", value), settings.retentionMs);
            case "retention.ms" ->
                settings.withRetention(settings.retentionBytes, toLong("retention.ms", value));
            default -> throw new IllegalStateException("unchecked option " + option.getKey());
          };
    }
    return settings;
  }

  private static Map<String, String> options(String uri, String query) {
    Map<String, String> options = new LinkedHashMap<>();
    if (query.isEmpty()) {
      return options;
    }
    for (String pair : query.split("&", -1)) {
      int equals = pair.indexOf('=');
      String key = equals < 0 ? pair : pair.substring(0, equals);
      if (!OPTIONS.contains(key)) {
        throw new HeraldException(
            "unknown option '"
                + key
                + "' in '"
                + uri
                + "'; the log transport takes partitions, fsync, segment.bytes, retention.bytes"
                + " and retention.ms, as in log:./data?partitions=8&fsync=always");
      }
      if (equals < 0 || equals == pair.length() - 1) {
        throw new HeraldException(
            "option '" + key + "' in '" + uri + "' has no value; write " + key + "=VALUE");
      }
      if (options.put(key, pair.substring(equals + 1)) != null) {
        throw new HeraldException(
            "option '" + key + "' appears twice in '" + uri + "'; give it once");
      }
    }
    return options;
  }

  private static int toInt(String key, String value) {
    long parsed = toLong(key, value);
    if (parsed < Integer.MIN_VALUE || parsed > Integer.MAX_VALUE) {
      throw new HeraldException(key + "=" + value + " is out of range");
    }
    return (int) parsed;
  }

  private static long toLong(String key, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new HeraldException(key + "=" + value + " is not a whole number", e);
    }
  }
}
