package dev.herald.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaException;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.herald.core.CloudEventJson;
import dev.herald.core.Envelope;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JSON Schemas registered per event type (draft 2020-12 unless a schema names another with
 * {@code $schema}). An event whose type has one must carry JSON data that the schema accepts.
 * Thread-safe.
 */
final class EventSchemas {
  private static final int MAX_ERRORS_SHOWN = 10;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final SchemaRegistry registry =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private final Schema metaSchema =
      registry.getSchema(SchemaLocation.of(SpecificationVersion.DRAFT_2020_12.getDialectId()));
  private final Map<String, Registered> byType = new ConcurrentHashMap<>();

  private record Registered(JsonNode text, Schema schema) {}

  /**
   * Registers {@code schema} for events of {@code type}, replacing any before it.
   *
   * @throws GatewayProblem 400 if it is no valid JSON Schema
   */
  void register(String type, JsonNode schema) {
    if (!schema.isObject() && !schema.isBoolean()) {
      throw GatewayProblem.badRequest(
          "invalid-schema", "a JSON Schema is a JSON object (or true/false)");
    }
    List<Error> wrong = metaSchema.validate(schema);
    if (!wrong.isEmpty()) {
      throw GatewayProblem.badRequest(
          "invalid-schema",
          "the schema for " + type + " is not valid JSON Schema (draft 2020-12): " + listed(wrong));
    }
    try {
      Schema compiled = registry.getSchema(schema.toString());
      compiled.initializeValidators();
      byType.put(type, new Registered(schema, compiled));
    } catch (SchemaException | IllegalArgumentException e) {
      throw GatewayProblem.badRequest(
          "invalid-schema", "the schema for " + type + " is not valid: " + e.getMessage());
    }
  }

  /** Removes the schema of {@code type}; whether there was one. */
  boolean remove(String type) {
    return byType.remove(type) != null;
  }

  /** The schema registered for {@code type}, as registered. */
  Optional<JsonNode> schema(String type) {
    return Optional.ofNullable(byType.get(type)).map(Registered::text);
  }

  /** Every registered schema by type, in type order. */
  Map<String, JsonNode> all() {
    Map<String, JsonNode> all = new TreeMap<>();
    byType.forEach((type, registered) -> all.put(type, registered.text()));
    return all;
  }

  /**
   * Checks {@code event}'s data against its type's schema, if one is registered.
   *
   * @throws GatewayProblem 422 naming what the schema refuses
   */
  void check(Envelope event) {
    Registered registered = byType.get(event.type());
    if (registered == null) {
      return;
    }
    if (!CloudEventJson.isJson(event.dataContentType().orElse(""))) {
      throw invalid(
          event,
          "its type has a JSON Schema, so its data must be JSON, but its datacontenttype is "
              + event.dataContentType().map(type -> "'" + type + "'").orElse("missing"));
    }
    JsonNode data;
    try {
      data = JSON.readTree(event.data());
    } catch (IOException e) {
      throw invalid(event, "its data is not valid JSON");
    }
    List<Error> errors = registered.schema().validate(data == null ? JSON.nullNode() : data);
    if (!errors.isEmpty()) {
      throw invalid(event, "its data does not match the schema of its type: " + listed(errors));
    }
  }

  private static String listed(List<Error> errors) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < Math.min(errors.size(), MAX_ERRORS_SHOWN); i++) {
      text.append(i == 0 ? "" : "; ").append(errors.get(i).toString());
    }
    if (errors.size() > MAX_ERRORS_SHOWN) {
      text.append("; and ").append(errors.size() - MAX_ERRORS_SHOWN).append(" more");
    }
    return text.toString();
  }

  private static GatewayProblem invalid(Envelope event, String why) {
    return new GatewayProblem(
        422,
        "schema-violation",
        "Event does not match its schema",
        "event " + event.id() + " of type " + event.type() + ": " + why);
  }
}
