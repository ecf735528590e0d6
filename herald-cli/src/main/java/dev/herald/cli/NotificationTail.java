package dev.herald.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The newest lines of the customers' messages file, read from its end so that a long history costs
 * nothing. Lines it cannot read (one being written, a damaged one) are skipped. Stateless.
 */
final class NotificationTail {
  private static final int TAIL_BYTES = 8 * 1024;

  private NotificationTail() {}

  /**
   * One message: when, to whom, about which order and step.
   *
   * @param at when it was sent
   * @param customerId who it went to
   * @param orderId the order
   * @param step placed, confirmed, shipped, cancelled or refunded
   */
  record Line(Instant at, String customerId, String orderId, String step) {}

  /** Up to {@code count} of the newest messages in {@code file}, oldest first; none if no file. */
  static List<Line> last(Path file, int count) {
    if (!Files.exists(file)) {
      return List.of();
    }
    String text;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long start = Math.max(0, raf.length() - TAIL_BYTES);
      byte[] bytes = new byte[(int) (raf.length() - start)];
      raf.seek(start);
      raf.readFully(bytes);
      text = new String(bytes, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return List.of();
    }
    List<Line> lines = new ArrayList<>();
    for (String line : text.lines().toList()) {
      String[] f = line.split("\t", 5);
      if (f.length == 5) {
        try {
          lines.add(new Line(Instant.parse(f[0]), f[1], f[2], f[3]));
        } catch (DateTimeParseException partOfALine) {
          // the first line of the window may start mid-line
        }
      }
    }
    return List.copyOf(lines.subList(Math.max(0, lines.size() - count), lines.size()));
  }
}
