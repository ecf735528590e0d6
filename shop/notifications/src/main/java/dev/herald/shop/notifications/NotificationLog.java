package dev.herald.shop.notifications;

import dev.herald.core.HeraldException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The durable record of what was sent: {@code notifications.log}, one tab-separated line per
 * message (time, customer, order, step, text), and {@code notifications.published}, one
 * notification id per line whose {@code NotificationSent} fact is on the bus. Both are appended
 * with a sync, and read back at open, so a restarted service knows every message it sent and every
 * order's customer. Thread-safe.
 */
final class NotificationLog {
  static final String LOG = "notifications.log";
  static final String PUBLISHED = "notifications.published";

  private final Path log;
  private final Path published;
  private final List<Notification> messages = new ArrayList<>();
  private final Set<String> sent = new HashSet<>();
  private final Set<String> announced = new HashSet<>();
  private final Map<String, String> customers = new HashMap<>();

  private NotificationLog(Path directory) {
    this.log = directory.resolve(LOG);
    this.published = directory.resolve(PUBLISHED);
  }

  /** Opens the log in {@code directory}, creating it, and reads what it holds. */
  static NotificationLog open(Path directory) {
    NotificationLog opened = new NotificationLog(directory);
    try {
      Files.createDirectories(directory);
      if (Files.exists(opened.log)) {
        for (String line : Files.readAllLines(opened.log, StandardCharsets.UTF_8)) {
          opened.remember(parse(line));
        }
      }
      if (Files.exists(opened.published)) {
        opened.announced.addAll(Files.readAllLines(opened.published, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new HeraldException(
          "cannot read the notifications in " + directory + ": " + e.getMessage(), e);
    }
    return opened;
  }

  /** Appends {@code message} unless its step was sent already; returns whether it was appended. */
  synchronized boolean append(Notification message) {
    if (sent.contains(message.notificationId())) {
      return false;
    }
    write(log, format(message));
    remember(message);
    return true;
  }

  /** Whether the fact of notification {@code id} was published. */
  synchronized boolean announced(String id) {
    return announced.contains(id);
  }

  /** Records that the fact of notification {@code id} was published. */
  synchronized void markAnnounced(String id) {
    if (announced.add(id)) {
      write(published, id + "\n");
    }
  }

  /** The customer of order {@code orderId}, from the message about its placing. */
  synchronized Optional<String> customerOf(String orderId) {
    return Optional.ofNullable(customers.get(orderId));
  }

  /** Every message, oldest first. */
  synchronized List<Notification> messages() {
    return List.copyOf(messages);
  }

  private void remember(Notification message) {
    messages.add(message);
    sent.add(message.notificationId());
    customers.putIfAbsent(message.orderId(), message.customerId());
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(
          file,
          text,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.DSYNC);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file + "; is the disk full?", e);
    }
  }

  static String format(Notification m) {
    return String.join(
            "\t", m.at().toString(), m.customerId(), m.orderId(), m.step(), oneLine(m.text()))
        + "\n";
  }

  private static Notification parse(String line) {
    String[] f = line.split("\t", 5);
    if (f.length != 5) {
      throw new HeraldException(
          "a line of " + LOG + " is not time, customer, order, step and text: '" + line + "'");
    }
    return new Notification(Instant.parse(f[0]), f[1], f[2], f[3], f[4]);
  }

  private static String oneLine(String text) {
    return text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }
}
