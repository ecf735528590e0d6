package dev.herald.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.CloudEventJson;
import dev.herald.core.Delivery;
import java.nio.charset.StandardCharsets;

/**
 * One event on its way to stream clients: where it was read, the stream's cursor after it, and its
 * CloudEvents JSON, written once however many clients get it; and, made on first use and then
 * shared as well, the Server-Sent Events frame that carries it. Immutable; thread-safe.
 */
final class StreamEvent {
  private final int partition;
  private final long offset;
  private final Cursor cursor;
  private final String json;
  private volatile byte[] sse;

  /**
   * An event.
   *
   * @param partition the partition it was read from
   * @param offset its offset there
   * @param cursor the stream's position right after it; its SSE id
   * @param json the event as CloudEvents JSON with {@code heraldtopic}, {@code heraldpartition} and
   *     {@code heraldoffset}
   */
  StreamEvent(int partition, long offset, Cursor cursor, String json) {
    this.partition = partition;
    this.offset = offset;
    this.cursor = cursor;
    this.json = json;
  }

  static StreamEvent of(Delivery delivery, Cursor cursor) {
    ObjectNode event = CloudEventJson.write(delivery.envelope());
    event.put("heraldtopic", delivery.topic());
    event.put("heraldpartition", delivery.partition());
    event.put("heraldoffset", delivery.offset());
    return new StreamEvent(delivery.partition(), delivery.offset(), cursor, event.toString());
  }

  int partition() {
    return partition;
  }

  long offset() {
    return offset;
  }

  Cursor cursor() {
    return cursor;
  }

  String json() {
    return json;
  }

  /**
   * The event as a Server-Sent Events {@code message} in UTF-8: its cursor as the id, its JSON as
   * the data. Made once and shared by every client of the live feed, which spares each the
   * encoding; callers must not change the array.
   */
  byte[] sse() {
    byte[] frame = sse;
    if (frame == null) {
      // compact JSON holds no line breaks; split any anyway, as SSE needs a data line for each
      String data = json.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\ndata: ");
      frame =
          ("id: " + cursor + "\nevent: message\ndata: " + data + "\n\n")
              .getBytes(StandardCharsets.UTF_8);
      sse = frame; // made twice at worst, the same bytes
    }
    return frame;
  }

  @Override
  public String toString() {
    return "StreamEvent[partition=" + partition + ", offset=" + offset + ", cursor=" + cursor + "]";
  }
}
