package dev.herald.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.CloudEventJson;
import dev.herald.core.Delivery;

/**
 * One event on its way to stream clients: where it was read, the stream's cursor after it, and its
 * CloudEvents JSON, written once however many clients get it.
 *
 * @param partition the partition it was read from
 * @param offset its offset there
 * @param cursor the stream's position right after it; its SSE id
 * @param json the event as CloudEvents JSON with {@code heraldtopic}, {@code heraldpartition} and
 *     {@code heraldoffset}
 */
record StreamEvent(int partition, long offset, Cursor cursor, String json) {
  static StreamEvent of(Delivery delivery, Cursor cursor) {
    ObjectNode event = CloudEventJson.write(delivery.envelope());
    event.put("heraldtopic", delivery.topic());
    event.put("heraldpartition", delivery.partition());
    event.put("heraldoffset", delivery.offset());
    return new StreamEvent(delivery.partition(), delivery.offset(), cursor, event.toString());
  }
}
