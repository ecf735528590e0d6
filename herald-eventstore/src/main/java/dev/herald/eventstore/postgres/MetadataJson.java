package dev.herald.eventstore.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.HeraldException;
import java.util.Map;

/** Event metadata as the JSON object stored in the {@code metadata} column. */
final class MetadataJson {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};
  private static final String EMPTY = "{}";

  private MetadataJson() {}

  static String write(Map<String, String> metadata) {
    if (metadata.isEmpty()) {
      return EMPTY;
    }
    try {
      return JSON.writeValueAsString(metadata);
    } catch (JsonProcessingException e) {
      throw new HeraldException("could not write event metadata as JSON: " + e.getMessage(), e);
    }
  }

  static Map<String, String> read(String json, long position) {
    if (json == null || json.equals(EMPTY)) {
      return Map.of();
    }
    try {
      return Map.copyOf(JSON.readValue(json, MAP));
    } catch (JsonProcessingException e) {
      throw new HeraldException(
          "the metadata of the event at position "
              + position
              + " is not a JSON object of strings: "
              + e.getMessage()
              + "; it was changed outside the event store, fix that row",
          e);
    }
  }
}
