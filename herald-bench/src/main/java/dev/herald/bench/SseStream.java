package dev.herald.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * What one SSE client of {@link SseClients} has read so far: the answer's status line and headers,
 * then the body (chunked or not) as Server-Sent Events. Of each {@code message} it reads the
 * fan-out event's {@code seq} and {@code sent} from the data ({@link GatewayEvents#fanout}) and
 * hands them to a {@link Sink}; it notes the {@code :connected} comment and a {@code
 * herald.dropped} event. Works on bytes, a line at a time, without decoding the JSON. Used by one
 * thread.
 */
final class SseStream {
  /** Told of each fan-out event read. */
  @FunctionalInterface
  interface Sink {
    void event(long seq, long sentNanos);
  }

  private static final byte[] SEQ = "\"seq\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SENT = "\"sent\":".getBytes(StandardCharsets.US_ASCII);
  private static final int MAX_LINE = 1024 * 1024;

  private enum Chunk {
    SIZE,
    DATA,
    END_OF_DATA
  }

  private byte[] line = new byte[512];
  private int length;
  private boolean headersDone;
  private int status = -1;
  private boolean chunked;
  private Chunk chunk = Chunk.SIZE;
  private long chunkLeft;
  private boolean chunkSizeDone;
  private String event = "message";
  private long seq = -1;
  private long sent = -1;
  private boolean connected;
  private boolean dropped;
  private boolean ended;
  private long events;

  /**
   * Reads the bytes {@code bytes} holds from its position to its limit, telling {@code sink} of
   * each fan-out event they complete.
   *
   * @throws IllegalStateException if the stream breaks the HTTP or SSE framing
   */
  void feed(ByteBuffer bytes, Sink sink) {
    while (bytes.hasRemaining() && !ended) {
      if (!headersDone || !chunked) {
        line(bytes.get(), sink);
        continue;
      }
      switch (chunk) {
        case SIZE -> chunkSize(bytes.get());
        case DATA -> {
          int n = (int) Math.min(chunkLeft, bytes.remaining());
          for (int i = 0; i < n; i++) {
            line(bytes.get(), sink);
          }
          chunkLeft -= n;
          if (chunkLeft == 0) {
            chunk = Chunk.END_OF_DATA;
          }
        }
        case END_OF_DATA -> {
          if (bytes.get() == '\n') {
            chunk = Chunk.SIZE;
          }
        }
      }
    }
  }

  /** The answer's HTTP status; -1 before its status line came. */
  int status() {
    return status;
  }

  /** Whether the gateway's {@code :connected} comment came: the client follows the live feed. */
  boolean connected() {
    return connected;
  }

  /** Whether the gateway sent {@code herald.dropped}: the client fell behind and was dropped. */
  boolean dropped() {
    return dropped;
  }

  /** Whether the chunked body ended: the gateway ended the stream. */
  boolean ended() {
    return ended;
  }

  /** Fan-out events read. */
  long events() {
    return events;
  }

  private void chunkSize(byte b) {
    if (b == '\n') {
      if (chunkLeft == 0) {
        ended = true;
      }
      chunk = Chunk.DATA;
      chunkSizeDone = false;
      return;
    }
    if (b == ';' || b == '\r' || b == ' ') {
      chunkSizeDone = true;
    } else if (!chunkSizeDone) {
      int digit = Character.digit(b, 16);
      if (digit < 0) {
        throw new IllegalStateException("a chunk size holds '" + (char) b + "'");
      }
      chunkLeft = chunkLeft * 16 + digit;
    }
  }

  private void line(byte b, Sink sink) {
    if (b != '\n') {
      if (length == line.length) {
        if (length >= MAX_LINE) {
          throw new IllegalStateException("a line is longer than " + MAX_LINE + " bytes");
        }
        line = Arrays.copyOf(line, length * 2);
      }
      line[length++] = b;
      return;
    }
    int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
    length = 0;
    if (!headersDone) {
      header(end);
    } else {
      sse(end, sink);
    }
  }

  private void header(int end) {
    String text = new String(line, 0, end, StandardCharsets.ISO_8859_1);
    if (status < 0) {
      if (!text.startsWith("HTTP/1.1 ") || text.length() < 12) {
        throw new IllegalStateException("not an HTTP/1.1 answer: '" + text + "'");
      }
      status = Integer.parseInt(text.substring(9, 12));
    } else if (text.isEmpty()) {
      headersDone = true;
    } else if (text.regionMatches(true, 0, "transfer-encoding:", 0, 18)) {
      chunked = text.toLowerCase(java.util.Locale.ROOT).contains("chunked");
    }
  }

  private void sse(int end, Sink sink) {
    if (end == 0) {
      if (event.equals("message") && seq >= 0 && sent >= 0) {
        events++;
        sink.event(seq, sent);
      } else if (event.equals("herald.dropped")) {
        dropped = true;
      }
      event = "message";
      seq = -1;
      sent = -1;
    } else if (line[0] == ':') {
      // the gateway's first comment; Javalin writes it as ": connected"
      if (!connected && (startsWith(end, ":connected") || startsWith(end, ": connected"))) {
        connected = true;
      }
    } else if (startsWith(end, "data:")) {
      seq = number(line, 5, end, SEQ);
      sent = number(line, 5, end, SENT);
    } else if (startsWith(end, "event:")) {
      event = new String(line, 6, end - 6, StandardCharsets.UTF_8).trim();
    }
  }

  private boolean startsWith(int end, String prefix) {
    if (end < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (line[i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Tells {@code sink} of the fan-out event whose data ({@link GatewayEvents#fanout}) is in {@code
   * bytes} from {@code from} to {@code end}; nothing if it holds no {@code seq} and {@code sent}.
   */
  static void fields(byte[] bytes, int from, int end, Sink sink) {
    long seq = number(bytes, from, end, SEQ);
    long sent = number(bytes, from, end, SENT);
    if (seq >= 0 && sent >= 0) {
      sink.event(seq, sent);
    }
  }

  /** The whole number after the first {@code key} in the bytes; -1 if there is none. */
  private static long number(byte[] bytes, int from, int end, byte[] key) {
    outer:
    for (int i = from; i + key.length < end; i++) {
      for (int j = 0; j < key.length; j++) {
        if (bytes[i + j] != key[j]) {
          continue outer;
        }
      }
      long value = 0;
      int digits = 0;
      for (int k = i + key.length; k < end && bytes[k] >= '0' && bytes[k] <= '9'; k++) {
        value = value * 10 + (bytes[k] - '0');
        digits++;
      }
      return digits == 0 ? -1 : value;
    }
    return -1;
  }
}
