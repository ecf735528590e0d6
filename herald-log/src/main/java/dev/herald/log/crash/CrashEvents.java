package dev.herald.log.crash;

import dev.herald.core.Envelope;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.zip.CRC32;

/**
 * The events of a crash test: event {@code seq} of key {@code kNN}, whose data carries a checksum
 * and padding derived from both, so a reader can tell an intact event from a damaged one.
 */
final class CrashEvents {
  static final String TOPIC = "crashtest";
  static final String TYPE = "herald.crashtest.published";

  private CrashEvents() {}

  static String key(int index) {
    return String.format(Locale.ROOT, "k%02d", index);
  }

  static Envelope event(String key, long seq) {
    return Envelope.builder()
        .id(UUID.randomUUID().toString())
        .source("herald-crashtest")
        .type(TYPE)
        .subject(key)
        .extension(Envelope.PARTITION_KEY, key)
        .data(data(key, seq))
        .build();
  }

  static String data(String key, long seq) {
    return key + " " + seq + " " + checksum(key, seq) + " " + "p".repeat((int) (seq % 64));
  }

  /**
   * The key and sequence number of an event's data.
   *
   * @param key the key
   * @param seq its sequence number
   */
  record Parsed(String key, long seq) {}

  /** Parses data written by {@link #data}; null if it is not exactly such data. */
  static Parsed parse(String data) {
    String[] parts = data.split(" ", -1);
    if (parts.length != 4) {
      return null;
    }
    try {
      long seq = Long.parseLong(parts[1]);
      return data.equals(data(parts[0], seq)) ? new Parsed(parts[0], seq) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static String checksum(String key, long seq) {
    CRC32 crc = new CRC32();
    crc.update((key + "/" + seq).getBytes(StandardCharsets.UTF_8));
    return Long.toHexString(crc.getValue());
  }
}
