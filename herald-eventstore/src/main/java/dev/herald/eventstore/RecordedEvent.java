package dev.herald.eventstore;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * An event as stored.
 *
 * @param stream the stream it belongs to
 * @param version its version in the stream, from 0
 * @param position its position in the store's global order
 * @param id its id
 * @param type its type name
 * @param data its data; do not change the array
 * @param metadata its extra attributes
 * @param recorded when the store appended it
 */
@SuppressWarnings("ArrayRecordComponent") // equals and hashCode compare the data's contents
public record RecordedEvent(
    String stream,
    long version,
    long position,
    String id,
    String type,
    byte[] data,
    Map<String, String> metadata,
    Instant recorded) {

  /** The data as UTF-8 text. */
  public String dataAsString() {
    return new String(data, StandardCharsets.UTF_8);
  }

  /**
   * The stream's category: its name up to the first {@code -} ({@code order} of {@code order-17}).
   */
  public String category() {
    return StreamFilter.categoryOf(stream);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordedEvent e
        && stream.equals(e.stream)
        && version == e.version
        && position == e.position
        && id.equals(e.id)
        && type.equals(e.type)
        && Arrays.equals(data, e.data)
        && metadata.equals(e.metadata)
        && recorded.equals(e.recorded);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Objects.hash(stream, version, position, id) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "RecordedEvent["
        + stream
        + "@"
        + version
        + ", position="
        + position
        + ", id="
        + id
        + ", type="
        + type
        + "]";
  }
}
