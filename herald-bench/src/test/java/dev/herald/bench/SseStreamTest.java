package dev.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class SseStreamTest {
  private static final String HEAD =
      "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n";

  private static String chunk(String data) {
    return String.format(Locale.ROOT, "%X\r\n%s\r\n", data.length(), data);
  }

  private static String message(long seq, long sent) {
    return "event: message\nid: 0:"
        + seq
        + "\ndata: {\"specversion\":\"1.0\",\"id\":\"x-"
        + seq
        + "\",\"data\":{\"seq\":"
        + seq
        + ",\"sent\":"
        + sent
        + ",\"padding\":\"xx\"},\"heraldoffset\":7}\n\n";
  }

  /** Feeds {@code text} in pieces of {@code size} bytes; the events read, as "seq@sent". */
  private static List<String> feed(SseStream stream, String text, int size) {
    List<String> events = new ArrayList<>();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i += size) {
      stream.feed(
          ByteBuffer.wrap(bytes, i, Math.min(size, bytes.length - i)),
          (seq, sent) -> events.add(seq + "@" + sent));
    }
    return events;
  }

  @Test
  void feed_chunkedStreamInAnyPieces_readsEveryEventOnce() {
    String stream =
        HEAD
            + chunk(": connected\n\n")
            + chunk(message(1, 1000) + message(2, 2000))
            + chunk(": heartbeat\n\n")
            + chunk(message(3, 3000));
    for (int size : new int[] {1, 2, 3, 7, 64, 4096}) {
      SseStream parsed = new SseStream();

      List<String> events = feed(parsed, stream, size);

      assertThat(events).as("pieces of %d", size).containsExactly("1@1000", "2@2000", "3@3000");
      assertThat(parsed.status()).isEqualTo(200);
      assertThat(parsed.connected()).isTrue();
      assertThat(parsed.dropped()).isFalse();
      assertThat(parsed.ended()).isFalse();
      assertThat(parsed.events()).isEqualTo(3);
    }
  }

  @Test
  void feed_droppedAndTheLastChunk_areNoted() {
    SseStream parsed = new SseStream();

    List<String> events =
        feed(
            parsed,
            HEAD
                + chunk(": connected\n\n")
                + chunk("event: herald.dropped\ndata: the client fell 1000 events behind\n\n")
                + "0\r\n\r\n",
            5);

    assertThat(events).isEmpty();
    assertThat(parsed.dropped()).isTrue();
    assertThat(parsed.ended()).isTrue();
  }

  @Test
  void feed_notChunked_readsTheBodyAsItComes() {
    SseStream parsed = new SseStream();

    List<String> events =
        feed(parsed, "HTTP/1.1 200 OK\r\n\r\n: connected\n\n" + message(9, 99), 10);

    assertThat(events).containsExactly("9@99");
    assertThat(parsed.connected()).isTrue();
  }

  @Test
  void feed_aRefusal_showsItsStatus() {
    SseStream parsed = new SseStream();

    feed(parsed, "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n", 100);

    assertThat(parsed.status()).isEqualTo(503);
    assertThat(parsed.connected()).isFalse();
  }

  @Test
  void feed_notHttp_isRejected() {
    assertThatThrownBy(() -> feed(new SseStream(), "SSH-2.0-OpenSSH\r\n", 100))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not an HTTP/1.1 answer");
  }

  @Test
  void fields_readSeqAndSentFromAnEventsData() {
    byte[] data = GatewayEvents.fanout("t", 42, 123_456_789L);
    List<String> events = new ArrayList<>();

    SseStream.fields(data, 0, data.length, (seq, sent) -> events.add(seq + "@" + sent));

    assertThat(events).containsExactly("42@123456789");
  }
}
