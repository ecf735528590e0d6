package dev.herald.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;

/**
 * The admin API's JSON Schemas per event type: {@code GET /admin/schemas}, {@code GET|PUT|DELETE
 * /admin/schemas/{type}}. Once a type has a schema, publishing an event of that type whose data the
 * schema refuses is answered 422 and nothing is stored.
 */
final class SchemaRoutes implements Routes {
  private static final int MAX_SCHEMA_BYTES = 256 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AccessControl access;
  private final EventSchemas schemas;

  SchemaRoutes(AccessControl access, EventSchemas schemas) {
    this.access = access;
    this.schemas = schemas;
  }

  @Override
  public void register(JavalinConfig config) {
    config.routes.get("/admin/schemas", this::list);
    config.routes.get("/admin/schemas/{type}", this::get);
    config.routes.put("/admin/schemas/{type}", this::put);
    config.routes.delete("/admin/schemas/{type}", this::delete);
  }

  private void list(Context ctx) {
    access.caller(ctx).requireAdmin();
    ObjectNode all = JSON.createObjectNode();
    schemas.all().forEach(all::set);
    ctx.contentType("application/json").result(all.toString());
  }

  private void get(Context ctx) {
    access.caller(ctx).requireAdmin();
    String type = ctx.pathParam("type");
    JsonNode schema =
        schemas
            .schema(type)
            .orElseThrow(
                () -> GatewayProblem.notFound("no-such-schema", "no schema for type " + type));
    ctx.contentType("application/schema+json").result(schema.toString());
  }

  private void put(Context ctx) throws IOException {
    access.caller(ctx).requireAdmin();
    String type = ctx.pathParam("type");
    JsonNode schema;
    try {
      schema = JSON.readTree(BoundedBody.read(ctx, MAX_SCHEMA_BYTES));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw GatewayProblem.badRequest(
          "invalid-schema", "the schema is not valid JSON: " + e.getOriginalMessage());
    }
    if (schema == null || schema.isMissingNode()) {
      throw GatewayProblem.badRequest("invalid-schema", "the body is empty; send a JSON Schema");
    }
    boolean existed = schemas.schema(type).isPresent();
    schemas.register(type, schema);
    ctx.status(existed ? 200 : 201)
        .contentType("application/schema+json")
        .result(schema.toString());
  }

  private void delete(Context ctx) {
    access.caller(ctx).requireAdmin();
    String type = ctx.pathParam("type");
    if (!schemas.remove(type)) {
      throw GatewayProblem.notFound("no-such-schema", "no schema for type " + type);
    }
    ctx.status(204);
  }
}
