package dev.herald.shop.orders;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

/** Writes RFC 9457 {@code application/problem+json} answers. Stateless. */
final class Problems {
  static final String CONTENT_TYPE = "application/problem+json";

  /** The prefix of every problem {@code type}; the kind of problem follows. */
  static final String TYPE_PREFIX = "urn:herald:shop:problem:";

  private static final ObjectMapper JSON = new ObjectMapper();

  private Problems() {}

  static void write(Context ctx, ProblemException problem) {
    write(ctx, problem.status(), problem.slug(), problem.title(), problem.getMessage());
  }

  static void write(Context ctx, int status, String slug, String title, String detail) {
    ObjectNode body = JSON.createObjectNode();
    body.put("type", TYPE_PREFIX + slug);
    body.put("title", title);
    body.put("status", status);
    body.put("detail", detail);
    body.put("instance", ctx.path());
    ctx.status(status).contentType(CONTENT_TYPE).result(body.toString());
  }

  static ProblemException badRequest(String slug, String detail) {
    return new ProblemException(400, slug, "Bad request", detail);
  }
}
