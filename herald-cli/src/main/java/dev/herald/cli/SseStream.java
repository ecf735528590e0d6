package dev.herald.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One Server-Sent Events stream, parsed as the HTML standard says (events end at a blank line,
 * {@code data} lines join with newlines, a line starting with a colon is a comment) by a thread of
 * its own, so that the consumer can wait for the next item with a timeout and be woken up. The
 * reader stays a bounded number of items ahead, so a slow consumer slows the stream down. {@link
 * #next} is for one consumer thread; {@link #wake} and {@link #close} may come from any thread.
 */
final class SseStream implements AutoCloseable {
  private static final int AHEAD = 256;

  /** What the stream brings. */
  sealed interface Item permits Event, Comment, End, Wake {}

  /**
   * An event.
   *
   * @param name its type, {@code message} unless the stream named another
   * @param data its data lines, joined with newlines
   * @param id the last event id the stream set, if any
   */
  record Event(String name, String data, Optional<String> id) implements Item {}

  /** A comment line, such as a heartbeat. */
  record Comment(String text) implements Item {}

  /** The stream ended: the server closed it, or reading failed. */
  record End(Optional<IOException> failure) implements Item {}

  /** {@link #wake()} was called. */
  record Wake() implements Item {}

  private final InputStream body;
  private final BlockingQueue<Item> items = new ArrayBlockingQueue<>(AHEAD);
  private final Thread reader;
  private volatile boolean closed;

  private SseStream(InputStream body) {
    this.body = body;
    this.reader = Thread.ofVirtual().name("herald-sse-reader").unstarted(this::read);
  }

  /** Starts reading {@code body}, which closing this closes. */
  static SseStream open(InputStream body) {
    SseStream stream = new SseStream(body);
    stream.reader.start();
    return stream;
  }

  /** The next item, waiting up to {@code wait}; empty if none came. */
  Optional<Item> next(Duration wait) throws InterruptedException {
    return Optional.ofNullable(items.poll(wait.toNanos(), TimeUnit.NANOSECONDS));
  }

  /** Makes a waiting {@link #next} return a {@link Wake} (unless items are waiting anyway). */
  void wake() {
    boolean unused = items.offer(new Wake());
  }

  private void read() {
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
      String name = "message";
      StringBuilder data = null;
      Optional<String> id = Optional.empty();
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        if (line.isEmpty()) {
          if (data != null) {
            items.put(new Event(name, data.toString(), id));
          }
          name = "message";
          data = null;
        } else if (line.startsWith(":")) {
          items.put(new Comment(line.substring(1).strip()));
        } else {
          int colon = line.indexOf(':');
          String field = colon < 0 ? line : line.substring(0, colon);
          String value = colon < 0 ? "" : line.substring(colon + 1);
          value = value.startsWith(" ") ? value.substring(1) : value;
          switch (field) {
            case "event" -> name = value;
            case "data" ->
                data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
            case "id" -> id = value.indexOf('\0') < 0 ? Optional.of(value) : id;
            default -> {
              // retry and unknown fields do not matter here
            }
          }
        }
      }
      items.put(new End(Optional.empty()));
    } catch (IOException e) {
      if (!closed) {
        endWith(new End(Optional.of(e)));
      }
    } catch (InterruptedException e) {
      // Closed while waiting for room: nobody reads any more.
    }
  }

  private void endWith(End end) {
    try {
      items.put(end);
    } catch (InterruptedException e) {
      // Closed meanwhile.
    }
  }

  /** Stops reading and closes the stream. */
  @Override
  public void close() {
    closed = true;
    reader.interrupt();
    try {
      body.close();
    } catch (IOException e) {
      // Closing is all that was wanted; the connection goes with the client.
    }
  }
}
