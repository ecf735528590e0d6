package dev.herald.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.Delivery;
import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import dev.herald.core.Position;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Envelopes in the CloudEvents JSON format, one line each, with where they were read from as the
 * extra attributes {@value #TOPIC}, {@value #PARTITION} and {@value #OFFSET} (valid CloudEvents
 * extension names, so every line is itself a CloudEvent).
 */
final class CloudEventJson {
  static final String TOPIC = "heraldtopic";
  static final String PARTITION = "heraldpartition";
  static final String OFFSET = "heraldoffset";

  // Decimals stay exact so that tail prints the data as it was published.
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
          .build();

  private static final Pattern SOURCE = Pattern.compile("\\[Source: [^;]*; ");

  private CloudEventJson() {}

  /**
   * Checks that {@code text} is one JSON value.
   *
   * @throws BadInputException naming {@code option} and where the JSON breaks
   */
  static void requireJson(String option, String text) {
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new BadInputException(option + " is empty; give a JSON value such as {\"id\":1}");
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      // Jackson names the source as "[Source: REDACTED (...); line: 1, column: 1]"; keep the place.
      String problem = SOURCE.matcher(e.getOriginalMessage()).replaceAll("[");
      throw new BadInputException(option + " is not valid JSON: " + problem + where, e);
    }
  }

  /**
   * The delivery as a CloudEvent in JSON: context attributes, extensions as top-level attributes,
   * its position, and {@code data} as JSON when the content type is JSON and the bytes parse, else
   * {@code data_base64}. Empty data is left out.
   */
  static ObjectNode event(Delivery delivery) {
    ObjectNode node = dev.herald.core.CloudEventJson.write(delivery.envelope());
    node.put(TOPIC, delivery.topic());
    node.put(PARTITION, delivery.partition());
    node.put(OFFSET, delivery.offset());
    return node;
  }

  /**
   * The inverse of {@link #event}: the delivery that {@code node} (a CloudEvent in JSON with its
   * position, as a gateway sends it) describes; {@code node} is left as it was.
   *
   * @throws HeraldException if it is no such event
   */
  static Delivery delivery(JsonNode node) {
    ObjectNode event = node.deepCopy();
    JsonNode topic = event.remove(TOPIC);
    JsonNode partition = event.remove(PARTITION);
    JsonNode offset = event.remove(OFFSET);
    if (topic == null || !topic.isTextual() || partition == null || !partition.canConvertToInt()) {
      throw new HeraldException(
          "an event lacks where it was read (" + TOPIC + ", " + PARTITION + ", " + OFFSET + ")");
    }
    if (offset == null || !offset.canConvertToLong()) {
      throw new HeraldException("an event lacks its offset (" + OFFSET + ")");
    }
    Envelope envelope = dev.herald.core.CloudEventJson.readBuilder(event).build();
    return new Delivery(envelope, topic.textValue(), partition.intValue(), offset.longValue());
  }

  /** Where an event was stored, as {@code {"topic":..,"partition":..,"offset":..,"id":..}}. */
  static ObjectNode position(Position position, String id) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("topic", position.topic());
    node.put("partition", position.partition());
    node.put("offset", position.offset());
    node.put("id", id);
    return node;
  }

  /**
   * Parses {@code json}, decimals kept exactly as written, so that {@link #line} writes them back
   * unchanged.
   *
   * @throws IOException if it is no single JSON value
   */
  static JsonNode parse(byte[] json) throws IOException {
    return MAPPER.readTree(json);
  }

  /** {@code node} as compact JSON on one line. */
  static String line(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }

  /** {@code node} as indented JSON on several lines, for people. */
  static String pretty(JsonNode node) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree could not be written", e);
    }
  }
}
