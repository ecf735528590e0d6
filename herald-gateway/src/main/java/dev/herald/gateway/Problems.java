package dev.herald.gateway;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

/** Writes RFC 9457 {@code application/problem+json} answers. Stateless. */
final class Problems {
  static final String CONTENT_TYPE = "application/problem+json";

  /** The prefix of every problem {@code type}; the kind of problem follows. */
  static final String TYPE_PREFIX = "urn:herald:gateway:problem:";

  private Problems() {}

  /** Answers {@code ctx} with {@code problem}. */
  static void write(Context ctx, GatewayProblem problem) {
    problem
        .retryAfter()
        .ifPresent(wait -> ctx.header("Retry-After", Long.toString(wait.toSeconds())));
    if (problem.status() == 401) {
      ctx.header("WWW-Authenticate", "Bearer realm=\"herald\"");
    }
    ctx.status(problem.status())
        .contentType(CONTENT_TYPE)
        .result(body(problem, ctx.path()).toString());
  }

  /** The problem as a JSON object, for answers that are not HTTP responses (WebSocket). */
  static ObjectNode body(GatewayProblem problem, String instance) {
    ObjectNode body = JsonNodeFactory.instance.objectNode();
    body.put("type", TYPE_PREFIX + problem.slug());
    body.put("title", problem.title());
    body.put("status", problem.status());
    body.put("detail", problem.getMessage());
    body.put("instance", instance);
    return body;
  }
}
