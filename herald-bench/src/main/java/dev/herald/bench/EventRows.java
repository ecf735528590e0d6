package dev.herald.bench;

import dev.herald.eventstore.NewEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The events every side of {@link EventStoreBench} appends, made by this one class: a random UUID
 * id, a type, {@value #DATA_SIZE} bytes of JSON data and one metadata entry, the correlation id
 * that the events of one append share. One instance per writer; not thread-safe.
 */
final class EventRows {
  /** The events' type. */
  static final String TYPE = "bench.order.line-added";

  /** Bytes of each event's data. */
  static final int DATA_SIZE = 100;

  /** The metadata entry each event carries. */
  static final String CORRELATION_ID = "correlationid";

  private final int writer;
  private long sequence;

  /** Rows of writer {@code writer}, which its data names. */
  EventRows(int writer) {
    this.writer = writer;
  }

  /** The next {@code count} events, one append's worth. */
  List<NewEvent> next(int count) {
    Map<String, String> metadata = Map.of(CORRELATION_ID, UUID.randomUUID().toString());
    List<NewEvent> events = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      events.add(new NewEvent(UUID.randomUUID().toString(), TYPE, data(), metadata));
    }
    return events;
  }

  /** Such as {@code {"writer":3,"line":17,"sku":"SKU-00017","quantity":2,"note":"xxx…"}}. */
  private byte[] data() {
    long line = sequence++;
    StringBuilder json =
        new StringBuilder(DATA_SIZE)
            .append("{\"writer\":")
            .append(writer)
            .append(",\"line\":")
            .append(line)
            .append(",\"sku\":\"SKU-")
            .append(line % 100_000)
            .append("\",\"quantity\":")
            .append(1 + line % 9)
            .append(",\"note\":\"");
    // pads the note so that every event has exactly DATA_SIZE bytes of data
    while (json.length() < DATA_SIZE - 2) {
      json.append('x');
    }
    return json.append("\"}").toString().getBytes(StandardCharsets.US_ASCII);
  }
}
