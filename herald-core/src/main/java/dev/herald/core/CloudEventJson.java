package dev.herald.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The CloudEvents JSON event format (structured mode): one event as a JSON object of its attributes
 * and {@code data} (or {@code data_base64}), and a batch as a JSON array of such objects.
 *
 * <p>Reading is strict: duplicate members, trailing content, a {@code specversion} other than
 * {@value Envelope#SPEC_VERSION}, attributes of the wrong JSON type, and both {@code data} and
 * {@code data_base64} are refused with an {@link InvalidEnvelopeException} naming the attribute.
 * JSON {@code data} is kept as its JSON text, decimals exactly as written. Stateless and
 * thread-safe.
 */
public final class CloudEventJson {
  /** The media type of one event in the JSON format. */
  public static final String MEDIA_TYPE = "application/cloudevents+json";

  /** The media type of a batch of events in the JSON format. */
  public static final String BATCH_MEDIA_TYPE = "application/cloudevents-batch+json";

  private static final String EVENT = "event";

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private CloudEventJson() {}

  /**
   * The event in {@code json}, one JSON object.
   *
   * @throws InvalidEnvelopeException naming what is wrong, if it is no valid CloudEvent
   */
  public static Envelope read(byte[] json) {
    return readBuilder(object(parse(json), EVENT)).build();
  }

  /**
   * The events of a batch: a JSON array of event objects, in order.
   *
   * @throws InvalidEnvelopeException naming the event at fault (by index) and what is wrong
   */
  public static List<Envelope> readBatch(byte[] json) {
    JsonNode root = parse(json);
    if (!root.isArray()) {
      throw new InvalidEnvelopeException(
          EVENT, "a batch is a JSON array of events, this is a JSON " + kind(root));
    }
    List<Envelope> events = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      try {
        events.add(readBuilder(object(root.get(i), EVENT)).build());
      } catch (InvalidEnvelopeException e) {
        throw new InvalidEnvelopeException(
            e.attribute(), "event " + i + " of the batch: " + e.getMessage());
      }
    }
    return events;
  }

  /**
   * The event in {@code json}, one JSON object, not yet built, so that the caller can add to it.
   *
   * @throws InvalidEnvelopeException naming what is wrong
   */
  public static Envelope.Builder readBuilder(byte[] json) {
    return readBuilder(parse(json));
  }

  /**
   * The attributes and data of one event object, not yet built, so that the caller can add to it.
   * Without {@code datacontenttype}, JSON {@code data} is {@code application/json}.
   *
   * @throws InvalidEnvelopeException naming the attribute at fault
   */
  public static Envelope.Builder readBuilder(JsonNode event) {
    Envelope.Builder builder = Envelope.builder();
    String specVersion = null;
    String dataContentType = null;
    JsonNode data = null;
    JsonNode base64 = null;
    for (Map.Entry<String, JsonNode> field : object(event, EVENT).properties()) {
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
        case "time" -> builder.time(parseTime(name, text(name, node)));
        case "subject" -> builder.subject(text(name, node));
        case "datacontenttype" -> dataContentType = text(name, node);
        case "dataschema" -> builder.dataSchema(parseUri(name, text(name, node)));
        case "data" -> data = node;
        case "data_base64" -> base64 = node;
        default -> builder.extension(name, extension(name, node));
      }
    }
    if (!Envelope.SPEC_VERSION.equals(specVersion)) {
      throw new InvalidEnvelopeException(
          "specversion",
          (specVersion == null ? "is missing" : "is '" + specVersion + "'")
              + "; Herald reads CloudEvents "
              + Envelope.SPEC_VERSION);
    }
    if (data != null && base64 != null) {
      throw new InvalidEnvelopeException("data", "has both data and data_base64; give one");
    }
    if (base64 != null) {
      builder.data(decodeBase64(text("data_base64", base64)));
    } else if (data != null) {
      dataContentType = dataContentType == null ? "application/json" : dataContentType;
      builder.data(dataBytes(data, dataContentType));
    }
    return dataContentType == null ? builder : builder.dataContentType(dataContentType);
  }

  /**
   * {@code envelope} as a JSON object: its attributes, its extensions as top-level members, and
   * {@code data} as JSON when its content type is JSON and the bytes parse, else {@code
   * data_base64}. Empty data is left out.
   */
  public static ObjectNode write(Envelope envelope) {
    ObjectNode node = MAPPER.createObjectNode();
    node.put("specversion", envelope.specVersion());
    node.put("id", envelope.id());
    node.put("source", envelope.source());
    node.put("type", envelope.type());
    envelope.time().ifPresent(time -> node.put("time", time.toString()));
    envelope.subject().ifPresent(subject -> node.put("subject", subject));
    envelope.dataContentType().ifPresent(type -> node.put("datacontenttype", type));
    envelope.dataSchema().ifPresent(schema -> node.put("dataschema", schema.toString()));
    envelope.extensions().forEach(node::put);
    if (envelope.data().length > 0) {
      Optional<JsonNode> json =
          isJson(envelope.dataContentType().orElse("")) ? tree(envelope.data()) : Optional.empty();
      if (json.isPresent()) {
        node.set("data", json.get());
      } else {
        node.put("data_base64", Base64.getEncoder().encodeToString(envelope.data()));
      }
    }
    return node;
  }

  /** {@code envelopes} as a batch: a JSON array of {@link #write} objects. */
  public static ArrayNode writeBatch(List<Envelope> envelopes) {
    ArrayNode batch = MAPPER.createArrayNode();
    envelopes.forEach(envelope -> batch.add(write(envelope)));
    return batch;
  }

  /**
   * Whether {@code contentType} names JSON: {@code application/json}, {@code text/json} or a {@code
   * +json} type, parameters ignored.
   */
  public static boolean isJson(String contentType) {
    String type = mediaType(contentType);
    return type.equals("application/json") || type.equals("text/json") || type.endsWith("+json");
  }

  /** The media type of {@code contentType}, lower case, without parameters. */
  public static String mediaType(String contentType) {
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT);
  }

  /**
   * An RFC 3339 timestamp, as the {@code time} attribute carries it.
   *
   * @throws InvalidEnvelopeException naming {@code attribute} if {@code value} is none
   */
  public static Instant parseTime(String attribute, String value) {
    try {
      return OffsetDateTime.parse(value).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidEnvelopeException(
          attribute, "'" + value + "' is not an RFC 3339 timestamp such as 2026-01-02T03:04:05Z");
    }
  }

  private static URI parseUri(String attribute, String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new InvalidEnvelopeException(
          attribute, "'" + value + "' is not a URI: " + e.getMessage());
    }
  }

  private static JsonNode parse(byte[] json) {
    try {
      JsonNode root = MAPPER.readTree(json);
      if (root == null || root.isMissingNode()) {
        throw new InvalidEnvelopeException(EVENT, "the body is empty; send a JSON CloudEvent");
      }
      return root;
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " (line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr()
                  + ")";
      throw new InvalidEnvelopeException(
          EVENT, "not valid JSON: " + firstLine(e.getOriginalMessage()) + where);
    } catch (IOException e) {
      throw new InvalidEnvelopeException(EVENT, "cannot be read: " + e.getMessage());
    } catch (NumberFormatException e) {
      // Jackson reads decimals exactly and refuses exponents too large for a BigDecimal
      throw new InvalidEnvelopeException(EVENT, "has a number it cannot hold: " + e.getMessage());
    }
  }

  private static String firstLine(String message) {
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static JsonNode object(JsonNode node, String what) {
    if (node == null || !node.isObject()) {
      throw new InvalidEnvelopeException(
          what, "a CloudEvent is a JSON object, this is a JSON " + kind(node));
    }
    return node;
  }

  private static String kind(JsonNode node) {
    return node == null ? "nothing" : node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  // JSON data is stored as its JSON text; a string under a non-JSON media type is the data itself.
  private static byte[] dataBytes(JsonNode data, String dataContentType) {
    if (data.isTextual() && !isJson(dataContentType)) {
      return data.textValue().getBytes(StandardCharsets.UTF_8);
    }
    try {
      return MAPPER.writeValueAsBytes(data);
    } catch (JsonProcessingException e) {
      throw new InvalidEnvelopeException("data", "cannot be written as JSON: " + e.getMessage());
    }
  }

  private static byte[] decodeBase64(String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new InvalidEnvelopeException("data_base64", "is not base64: " + e.getMessage());
    }
  }

  private static String text(String attribute, JsonNode node) {
    if (!node.isTextual()) {
      throw new InvalidEnvelopeException(attribute, "must be a JSON string, is " + kind(node));
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
    throw new InvalidEnvelopeException(
        name, "is a JSON " + kind(node) + "; extensions are strings, numbers or booleans");
  }

  private static Optional<JsonNode> tree(byte[] data) {
    try {
      JsonNode node = MAPPER.readTree(data);
      return node == null || node.isMissingNode() ? Optional.empty() : Optional.of(node);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty(); // written as data_base64 instead
    }
  }
}
