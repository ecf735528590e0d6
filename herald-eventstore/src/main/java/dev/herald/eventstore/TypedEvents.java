package dev.herald.eventstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.Codec;
import dev.herald.core.DecodeException;
import dev.herald.core.Envelope;
import dev.herald.core.EventTypes;
import dev.herald.core.HeraldException;
import dev.herald.core.RegisteredType;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Typed events in and out of the store: records become {@link NewEvent}s with their type name and
 * schema version; stored events are upgraded by the {@link Upcaster}s to the version their record
 * has now, then decoded.
 */
final class TypedEvents {
  /** Metadata naming the schema version of the event's data. */
  static final String SCHEMA_VERSION = "schemaversion";

  private static final ObjectMapper TREES = new ObjectMapper();
  private static final String DATA_CONTENT_TYPE = "datacontenttype";

  private final EventTypes types;
  private final Codec codec;
  private final Map<String, Map<Integer, Upcaster>> upcasters = new HashMap<>();

  TypedEvents(EventTypes types, Codec codec, List<Upcaster> upcasters) {
    this.types = types;
    this.codec = codec;
    for (Upcaster upcaster : upcasters) {
      Upcaster before =
          this.upcasters
              .computeIfAbsent(upcaster.type(), t -> new HashMap<>())
              .put(upcaster.fromVersion(), upcaster);
      if (before != null) {
        throw new HeraldException(
            "two upcasters for "
                + upcaster.type()
                + " from version "
                + upcaster.fromVersion()
                + "; register one per step");
      }
    }
  }

  NewEvent encode(Object event, Map<String, String> metadata) {
    RegisteredType<?> type = types.of(event.getClass());
    Map<String, String> all = new HashMap<>(metadata);
    all.put(SCHEMA_VERSION, Integer.toString(type.version()));
    // the record's own key, so that a relay to the bus keys it as a publish would
    type.keyOf(event).ifPresent(key -> all.putIfAbsent(Envelope.PARTITION_KEY, key));
    // and its media type, so that on the bus it reads as JSON, not as opaque bytes
    all.putIfAbsent(DATA_CONTENT_TYPE, codec.contentType());
    return new NewEvent(UUID.randomUUID().toString(), type.name(), codec.encode(event), all);
  }

  /**
   * The record {@code stored} holds, upgraded to its current schema version.
   *
   * @throws HeraldException if its type is unknown here, a step of upcasters is missing, or the
   *     data does not decode; saying which event
   */
  Object decode(RecordedEvent stored) {
    RegisteredType<?> type =
        types
            .named(stored.type())
            .orElseThrow(
                () ->
                    new HeraldException(
                        "event "
                            + stored.id()
                            + " at "
                            + stored.stream()
                            + "@"
                            + stored.version()
                            + " has type "
                            + stored.type()
                            + ", which no registered record has; register its record class"));
    int version = schemaVersion(stored);
    byte[] data = version == type.version() ? stored.data() : upcast(stored, version, type);
    Envelope envelope =
        Envelope.builder()
            .id(stored.id())
            .source("herald-eventstore")
            .type(stored.type())
            .time(Instant.EPOCH)
            .data(data)
            .build();
    try {
      return codec.decode(envelope, type.javaType());
    } catch (DecodeException e) {
      throw new HeraldException(
          "event "
              + stored.id()
              + " at "
              + stored.stream()
              + "@"
              + stored.version()
              + " does not decode as "
              + type.javaType().getSimpleName()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static int schemaVersion(RecordedEvent stored) {
    String text = stored.metadata().getOrDefault(SCHEMA_VERSION, "1");
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new HeraldException(
          "event " + stored.id() + " has schema version '" + text + "', not a number", e);
    }
  }

  private byte[] upcast(RecordedEvent stored, int from, RegisteredType<?> type) {
    if (from > type.version()) {
      throw new HeraldException(
          "event "
              + stored.id()
              + " of "
              + stored.type()
              + " is at schema version "
              + from
              + ", newer than this code's "
              + type.version()
              + "; run the newer version of the service");
    }
    try {
      JsonNode tree = TREES.readTree(stored.data());
      if (!(tree instanceof ObjectNode data)) {
        throw new HeraldException(
            "event " + stored.id() + " cannot be upcast: its data is not a JSON object");
      }
      ObjectNode current = data;
      Map<Integer, Upcaster> steps = upcasters.getOrDefault(stored.type(), Map.of());
      for (int v = from; v < type.version(); v++) {
        Upcaster step = steps.get(v);
        if (step == null) {
          throw new HeraldException(
              "event "
                  + stored.id()
                  + " of "
                  + stored.type()
                  + " is at schema version "
                  + v
                  + " and no upcaster takes it to "
                  + (v + 1)
                  + "; register one");
        }
        current = step.upcast(current);
      }
      return TREES.writeValueAsBytes(current);
    } catch (IOException e) {
      throw new HeraldException(
          "event " + stored.id() + " cannot be upcast: its data is not JSON (" + e + ")", e);
    }
  }
}
