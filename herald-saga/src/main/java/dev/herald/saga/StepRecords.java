package dev.herald.saga;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import dev.herald.eventstore.NewEvent;
import dev.herald.eventstore.RecordedEvent;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How steps and sent markers are stored: JSON a person can read in the store, with the state and
 * JSON event data embedded as JSON, other data as base64 (as CloudEvents' JSON format does).
 */
final class StepRecords {
  static final String STEP_TYPE = "herald.saga.step";
  static final String SENT_TYPE = "herald.saga.sent";

  // Exact decimals, so that embedding event data as a tree does not round its numbers.
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
          .build();

  private StepRecords() {}

  /** What an instance stream holds. */
  sealed interface Entry {}

  /** A step. */
  record Step(StepRecord record) implements Entry {}

  /** The events of the step at {@code stepVersion} are on the bus. */
  record Sent(long stepVersion) implements Entry {}

  static NewEvent step(StepRecord step) {
    ObjectNode root = JSON.createObjectNode();
    root.put("trigger", step.trigger());
    root.put("description", step.description());
    root.put("at", step.at().toString());
    root.set("state", tree(step.state()));
    root.put("ended", step.ended());
    ArrayNode scheduled = root.putArray("scheduled");
    step.scheduled().forEach(d -> scheduled.add(deadline(d)));
    ArrayNode cancelled = root.putArray("cancelled");
    step.cancelled().forEach(d -> cancelled.add(deadline(d)));
    ArrayNode outbox = root.putArray("outbox");
    step.outbox().forEach(o -> outbox.add(outgoing(o)));
    return new NewEvent(
        UUID.randomUUID().toString(),
        STEP_TYPE,
        bytes(root),
        Map.of(Envelope.CORRELATION_ID, step.correlation()));
  }

  static NewEvent sent(long stepVersion) {
    ObjectNode root = JSON.createObjectNode().put("step", stepVersion);
    return new NewEvent(UUID.randomUUID().toString(), SENT_TYPE, bytes(root), Map.of());
  }

  /**
   * What {@code stored} holds.
   *
   * @throws HeraldException if it is not a saga record, saying where it is
   */
  static Entry decode(RecordedEvent stored) {
    try {
      JsonNode root = JSON.readTree(stored.data());
      return switch (stored.type()) {
        case SENT_TYPE -> new Sent(root.required("step").asLong());
        case STEP_TYPE ->
            new Step(stepOf(root, stored.metadata().getOrDefault(Envelope.CORRELATION_ID, "")));
        default -> throw new IllegalArgumentException("its type is " + stored.type());
      };
    } catch (IOException | RuntimeException e) {
      throw new HeraldException(
          "saga record "
              + stored.stream()
              + "@"
              + stored.version()
              + " cannot be read ("
              + e.getMessage()
              + "); saga streams hold only what a saga runner appends, do not append to them",
          e);
    }
  }

  private static StepRecord stepOf(JsonNode root, String correlation) {
    List<Outgoing> outbox = new ArrayList<>();
    root.required("outbox").forEach(o -> outbox.add(outgoingOf(o)));
    return new StepRecord(
        root.required("trigger").asText(),
        root.required("description").asText(),
        Instant.parse(root.required("at").asText()),
        bytes(root.required("state")),
        outbox,
        deadlinesOf(root.required("scheduled")),
        deadlinesOf(root.required("cancelled")),
        root.required("ended").asBoolean(),
        correlation);
  }

  private static ObjectNode deadline(Deadline d) {
    return JSON.createObjectNode()
        .put("id", d.id())
        .put("name", d.name())
        .put("due", d.due().toString())
        .put("correlation", d.correlation())
        .put("causation", d.causation());
  }

  private static List<Deadline> deadlinesOf(JsonNode array) {
    List<Deadline> deadlines = new ArrayList<>();
    for (JsonNode d : array) {
      deadlines.add(
          new Deadline(
              d.required("id").asText(),
              d.required("name").asText(),
              Instant.parse(d.required("due").asText()),
              d.required("correlation").asText(),
              d.required("causation").asText()));
    }
    return deadlines;
  }

  private static ObjectNode outgoing(Outgoing outgoing) {
    Envelope e = outgoing.envelope();
    ObjectNode node = JSON.createObjectNode();
    node.put("topic", outgoing.topic());
    node.put("id", e.id());
    node.put("source", e.source());
    node.put("type", e.type());
    e.time().ifPresent(t -> node.put("time", t.toString()));
    e.subject().ifPresent(s -> node.put("subject", s));
    e.dataSchema().ifPresent(s -> node.put("dataschema", s.toString()));
    e.dataContentType().ifPresent(c -> node.put("datacontenttype", c));
    ObjectNode extensions = node.putObject("extensions");
    e.extensions().forEach(extensions::put);
    JsonNode json =
        e.dataContentType().filter(StepRecords::isJson).map(c -> tryTree(e.data())).orElse(null);
    if (json != null) {
      node.set("data", json);
    } else {
      node.put("data_base64", Base64.getEncoder().encodeToString(e.data()));
    }
    return node;
  }

  private static Outgoing outgoingOf(JsonNode node) {
    Envelope.Builder e =
        Envelope.builder()
            .id(node.required("id").asText())
            .source(node.required("source").asText())
            .type(node.required("type").asText());
    if (node.has("time")) {
      e.time(Instant.parse(node.get("time").asText()));
    }
    if (node.has("subject")) {
      e.subject(node.get("subject").asText());
    }
    if (node.has("dataschema")) {
      e.dataSchema(URI.create(node.get("dataschema").asText()));
    }
    if (node.has("datacontenttype")) {
      e.dataContentType(node.get("datacontenttype").asText());
    }
    node.required("extensions")
        .properties()
        .forEach(x -> e.extension(x.getKey(), x.getValue().asText()));
    e.data(
        node.has("data")
            ? bytes(node.get("data"))
            : Base64.getDecoder().decode(node.required("data_base64").asText()));
    return new Outgoing(node.required("topic").asText(), e.build());
  }

  private static boolean isJson(String contentType) {
    String type = contentType.toLowerCase(java.util.Locale.ROOT);
    return type.startsWith("application/json") || type.contains("+json");
  }

  private static JsonNode tryTree(byte[] data) {
    try {
      return data.length == 0 ? null : JSON.readTree(data);
    } catch (IOException e) {
      return null;
    }
  }

  private static JsonNode tree(byte[] data) {
    try {
      return JSON.readTree(data);
    } catch (IOException e) {
      throw new HeraldException("a saga state did not encode as JSON: " + e.getMessage(), e);
    }
  }

  private static byte[] bytes(JsonNode node) {
    try {
      return JSON.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new HeraldException("cannot write saga record JSON: " + e.getMessage(), e);
    }
  }
}
