package dev.herald.gateway;

import dev.herald.core.DeadLetters;
import dev.herald.core.HeraldException;
import dev.herald.core.spi.Names;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Reads the admin API's path and query parameters, refusing bad ones with a 400. Stateless. */
final class AdminParams {
  /** The longest group name whose dead-letter topics are still valid topic names. */
  static final int MAX_GROUP = 200 - DeadLetters.actionsTopic("").length();

  private AdminParams() {}

  /**
   * The path parameter {@code group}, checked.
   *
   * @throws GatewayProblem 400 if it is no valid consumer group name
   */
  static String group(Context ctx) {
    String group = ctx.pathParam("group");
    try {
      Names.check("consumer group", group);
    } catch (HeraldException e) {
      throw GatewayProblem.badRequest("invalid-group", e.getMessage());
    }
    if (group.length() > MAX_GROUP) {
      throw GatewayProblem.badRequest(
          "invalid-group",
          "consumer group name '"
              + group
              + "' is too long for its dead-letter topics; groups have at most "
              + MAX_GROUP
              + " characters");
    }
    return group;
  }

  /**
   * The query parameter {@code name}, if given.
   *
   * @throws GatewayProblem 400 if it is given but empty
   */
  static Optional<String> text(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value != null && value.isBlank()) {
      throw GatewayProblem.badRequest(
          "invalid-parameter",
          "query parameter " + name + " is empty; give a value or leave it out");
    }
    return Optional.ofNullable(value);
  }

  /**
   * The query parameter {@code limit}: {@code byDefault} if absent.
   *
   * @throws GatewayProblem 400 unless it is a whole number from 1 to {@code max}
   */
  static int limit(Context ctx, int byDefault, int max) {
    return count(ctx, "limit", byDefault, 1, max);
  }

  /**
   * The query parameter {@code name}, a whole number from 0 to {@code max}: {@code byDefault} if
   * absent.
   *
   * @throws GatewayProblem 400 if it is something else
   */
  static int count(Context ctx, String name, int byDefault, int max) {
    return count(ctx, name, byDefault, 0, max);
  }

  private static int count(Context ctx, String name, int byDefault, int min, int max) {
    Optional<String> text = text(ctx, name);
    if (text.isEmpty()) {
      return byDefault;
    }
    try {
      int count = Integer.parseInt(text.get().trim());
      if (count >= min && count <= max) {
        return count;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw GatewayProblem.badRequest(
        "invalid-parameter",
        "query parameter "
            + name
            + " is '"
            + text.get()
            + "'; give a whole number from "
            + min
            + " to "
            + max);
  }

  /**
   * The query parameter {@code name} as {@code true} or {@code false}; {@code byDefault} if absent.
   *
   * @throws GatewayProblem 400 if it is something else
   */
  static boolean flag(Context ctx, String name, boolean byDefault) {
    Optional<String> text = text(ctx, name);
    if (text.isEmpty()) {
      return byDefault;
    }
    return switch (text.get()) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw GatewayProblem.badRequest(
              "invalid-parameter",
              "query parameter " + name + " is '" + text.get() + "'; give true or false");
    };
  }

  /**
   * Checks that the request has no query parameter but {@code known} (and {@code access_token}), so
   * that a misspelt filter is not silently ignored.
   *
   * @throws GatewayProblem 400 naming the first unknown parameter
   */
  static void only(Context ctx, Set<String> known) {
    for (String name : new TreeSet<>(ctx.queryParamMap().keySet())) {
      if (!known.contains(name) && !name.equals("access_token")) {
        throw GatewayProblem.badRequest(
            "invalid-parameter",
            "query parameter "
                + name
                + " is unknown here; use "
                + (known.isEmpty() ? "none" : String.join(", ", new TreeSet<>(known))));
      }
    }
  }
}
