package dev.herald.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.herald.core.Envelope;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a record in the CloudEvents Kafka binding's structured content mode with the JSON event
 * format: the whole event, attributes and data, is one JSON object in the record value.
 */
final class KafkaStructuredReader {
  /** The only structured format Herald reads. */
  static final String JSON_FORMAT = "application/cloudevents+json";

  // Exact decimals, kept as written, so that data numbers survive the trip through the tree.
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private KafkaStructuredReader() {}

  /** Whether {@code contentType} says the record is a CloudEvent in structured mode. */
  static boolean isStructured(String contentType) {
    return mediaType(contentType).startsWith("application/cloudevents");
  }

  /**
   * The envelope in {@code value}, not yet built. Without {@code datacontenttype}, JSON {@code
   * data} is {@code application/json}.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static Envelope.Builder read(String contentType, byte[] value) {
    String format = mediaType(contentType);
    if (!format.equals(JSON_FORMAT)) {
      throw new IllegalArgumentException(
          "structured CloudEvents in format '"
              + format
              + "' are not supported; use "
              + JSON_FORMAT);
    }
    JsonNode root = parse(value);
    if (!root.isObject()) {
      throw new IllegalArgumentException(
          "a structured CloudEvent is a JSON object, this record holds a JSON "
              + root.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    Envelope.Builder builder = Envelope.builder();
    String specVersion = null;
    String dataContentType = null;
    JsonNode data = null;
    JsonNode base64 = null;
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      String name = field.getKey();
      JsonNode node = field.getValue();
      if (node.isNull()) {
        continue; // the JSON format's way of saying the attribute is absent
      }
      switch (name) {
        case "specversion" -> specVersion = text(name, node);
        case "id" -> builder.id(text(name, node));
        case "source" -> builder.source(text(name, node));
        case "type" -> builder.type(text(name, node));
        case "time" -> builder.time(KafkaBinding.parseTime(name, text(name, node)));
        case "subject" -> builder.subject(text(name, node));
        case "datacontenttype" -> dataContentType = text(name, node);
        case "dataschema" -> builder.dataSchema(KafkaBinding.parseUri(name, text(name, node)));
        case "data" -> data = node;
        case "data_base64" -> base64 = node;
        default -> builder.extension(name, extension(name, node));
      }
    }
    KafkaBinding.requireSpecVersion("specversion", specVersion);
    if (data != null && base64 != null) {
      throw new IllegalArgumentException("has both data and data_base64; a CloudEvent has one");
    }
    if (base64 != null) {
      builder.data(decodeBase64(text("data_base64", base64)));
    } else if (data != null) {
      dataContentType = dataContentType == null ? "application/json" : dataContentType;
      builder.data(dataBytes(data, dataContentType));
    }
    return dataContentType == null ? builder : builder.dataContentType(dataContentType);
  }

  private static JsonNode parse(byte[] value) {
    try {
      JsonNode root = MAPPER.readTree(value);
      if (root == null || root.isMissingNode()) {
        throw new IllegalArgumentException("a structured CloudEvent is a JSON object; it is empty");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "structured CloudEvent is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("structured CloudEvent cannot be read: " + e, e);
    }
  }

  // JSON data is stored as its JSON text; a string under a non-JSON media type is the data itself.
  private static byte[] dataBytes(JsonNode data, String dataContentType) {
    if (data.isTextual() && !isJson(dataContentType)) {
      return data.textValue().getBytes(StandardCharsets.UTF_8);
    }
    try {
      return MAPPER.writeValueAsBytes(data);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("data cannot be written as JSON: " + e, e);
    }
  }

  private static boolean isJson(String dataContentType) {
    String type = mediaType(dataContentType);
    return type.equals("application/json") || type.equals("text/json") || type.endsWith("+json");
  }

  private static byte[] decodeBase64(String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("data_base64 is not base64: " + e.getMessage(), e);
    }
  }

  private static String text(String attribute, JsonNode node) {
    if (!node.isTextual()) {
      throw new IllegalArgumentException(
          attribute
              + " must be a JSON string, is "
              + node.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return node.textValue();
  }

  private static String extension(String name, JsonNode node) {
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isNumber() || node.isBoolean()) {
      return node.toString();
    }
    throw new IllegalArgumentException(
        "extension "
            + name
            + " is a JSON "
            + node.getNodeType().name().toLowerCase(Locale.ROOT)
            + "; extensions are strings, numbers or booleans");
  }

  private static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }
}
