package dev.herald.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.DeadLetterFilter;
import dev.herald.core.DeadLetterReason;
import dev.herald.core.HeraldException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Which dead letters a request names: some by id, or every pending one a filter selects (all of
 * them for an empty filter). Filters read from query parameters (list) or from a JSON body (replay,
 * purge) with the members {@code type}, {@code reason}, {@code since}, {@code until} and {@code
 * key}, as {@code herald dlq}'s options; a body names ids as {@code {"ids": [...]}} and every
 * pending one as {@code {"all": true}}.
 */
sealed interface DeadLetterSelection {
  /** The filter members and parameters. */
  Set<String> FILTERS = Set.of("type", "reason", "since", "until", "key");

  /** The most ids one request may name. */
  int MAX_IDS = 100;

  /** These dead letters, each a dead letter's id or an event's id. */
  record Ids(List<String> ids) implements DeadLetterSelection {}

  /** The pending dead letters {@code filter} selects. */
  record Matching(DeadLetterFilter filter) implements DeadLetterSelection {}

  /**
   * The filter that {@code value} (by parameter name) describes, times back from {@code now}.
   *
   * @throws GatewayProblem 400 naming the parameter at fault
   */
  static DeadLetterFilter filter(Function<String, Optional<String>> value, Instant now) {
    DeadLetterFilter filter = DeadLetterFilter.all();
    Optional<String> type = value.apply("type");
    if (type.isPresent()) {
      filter = filter.type(type.get());
    }
    Optional<String> reason = value.apply("reason");
    if (reason.isPresent()) {
      filter = filter.reason(check("reason", () -> DeadLetterReason.parse(reason.get())));
    }
    Optional<String> key = value.apply("key");
    if (key.isPresent()) {
      filter = filter.key(key.get());
    }
    Optional<String> since = value.apply("since");
    if (since.isPresent()) {
      filter = filter.since(TimeParam.parse("since", since.get(), now));
    }
    Optional<String> until = value.apply("until");
    if (until.isPresent()) {
      Instant before = TimeParam.parse("until", until.get(), now);
      DeadLetterFilter narrowed = filter;
      filter = check("until", () -> narrowed.until(before));
    }
    return filter;
  }

  /**
   * What a replay or purge body selects.
   *
   * @throws GatewayProblem 400 saying what is wrong with the body
   */
  static DeadLetterSelection read(byte[] body, ObjectMapper json, Instant now) {
    JsonNode root;
    try {
      root = json.readTree(body);
    } catch (JsonProcessingException e) {
      throw bad("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw bad("the body cannot be read: " + e.getMessage());
    }
    if (root == null || !root.isObject() || root.isEmpty()) {
      throw bad(
          "say which dead letters: {\"ids\": [...]}, a filter such as {\"type\": \"shop.order.paid\","
              + " \"since\": \"2h\"} (type, reason, since, until, key) or {\"all\": true}");
    }
    Set<String> filterMembers = new LinkedHashSet<>();
    for (Map.Entry<String, JsonNode> member : root.properties()) {
      String name = member.getKey();
      if (FILTERS.contains(name)) {
        filterMembers.add(name);
      } else if (!name.equals("ids") && !name.equals("all")) {
        throw bad(
            "unknown member \"" + name + "\"; use ids, all, or " + String.join(", ", FILTERS));
      }
    }
    if (root.has("ids")) {
      if (root.size() > 1) {
        throw bad("give ids, or a filter or all, not both");
      }
      return new Ids(ids(root.get("ids")));
    }
    if (root.has("all")) {
      if (!root.get("all").isBoolean() || !root.get("all").booleanValue()) {
        throw bad("\"all\" selects every pending dead letter; it is true or left out");
      }
      if (!filterMembers.isEmpty()) {
        throw bad("\"all\" selects every pending dead letter; give it or a filter, not both");
      }
      return new Matching(DeadLetterFilter.all());
    }
    return new Matching(filter(name -> text(root, name), now));
  }

  private static List<String> ids(JsonNode node) {
    if (!node.isArray() || node.isEmpty() || node.size() > MAX_IDS) {
      throw bad("\"ids\" is a JSON array of 1 to " + MAX_IDS + " dead-letter or event ids");
    }
    List<String> ids = new ArrayList<>();
    for (JsonNode id : node) {
      if (!id.isTextual() || id.textValue().isBlank()) {
        throw bad("\"ids\" holds ids as non-empty JSON strings; found " + id);
      }
      ids.add(id.textValue());
    }
    return List.copyOf(new LinkedHashSet<>(ids));
  }

  private static Optional<String> text(JsonNode root, String name) {
    JsonNode value = root.get(name);
    if (value == null || value.isNull()) {
      return Optional.empty();
    }
    if (!value.isTextual() || value.textValue().isBlank()) {
      throw bad("\"" + name + "\" is a non-empty JSON string");
    }
    return Optional.of(value.textValue());
  }

  private static <T> T check(String parameter, java.util.function.Supplier<T> read) {
    try {
      return read.get();
    } catch (GatewayProblem e) {
      throw e;
    } catch (HeraldException e) {
      throw GatewayProblem.badRequest("invalid-parameter", parameter + ": " + e.getMessage());
    }
  }

  private static GatewayProblem bad(String detail) {
    return GatewayProblem.badRequest("invalid-selection", detail);
  }
}
