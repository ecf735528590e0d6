package dev.herald.eventstore;

import dev.herald.core.HeraldException;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/**
 * An event to append.
 *
 * @param id its id, unique in the store; an append retried with the same ids is not written twice
 * @param type its type name, such as {@code shop.order.placed}
 * @param data its data, usually JSON; not copied
 * @param metadata extra attributes (correlation and causation ids, schema version…), lower-case
 *     names
 */
@SuppressWarnings("ArrayRecordComponent") // equals and hashCode compare the data's contents
public record NewEvent(String id, String type, byte[] data, Map<String, String> metadata) {
  /**
   * Checks the event and copies the metadata.
   *
   * @throws HeraldException if a field is missing or too large
   */
  public NewEvent {
    if (id == null || id.isBlank() || id.length() > 200) {
      throw new HeraldException("an event id is 1 to 200 characters, was '" + id + "'");
    }
    if (type == null || type.isBlank() || type.length() > 200) {
      throw new HeraldException(
          "event " + id + " needs a type of 1 to 200 characters, was '" + type + "'");
    }
    if (data == null) {
      throw new HeraldException("event " + id + " has null data; pass an empty array");
    }
    if (data.length > EventStore.MAX_DATA_BYTES) {
      throw new HeraldException(
          "event "
              + id
              + " has "
              + data.length
              + " bytes of data, more than the "
              + EventStore.MAX_DATA_BYTES
              + " an event store takes");
    }
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** An event with a random id and no metadata. */
  public static NewEvent of(String type, byte[] data) {
    return new NewEvent(UUID.randomUUID().toString(), type, data, Map.of());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NewEvent e
        && id.equals(e.id)
        && type.equals(e.type)
        && Arrays.equals(data, e.data)
        && metadata.equals(e.metadata);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Objects.hash(id, type, metadata) + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "NewEvent[id=" + id + ", type=" + type + ", data=" + data.length + " bytes]";
  }
}
