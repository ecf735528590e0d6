package dev.herald.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.herald.core.HeraldException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The API tokens a gateway accepts. With none, the gateway runs in dev mode, open to anyone who can
 * reach it, which it allows only on a loopback address.
 *
 * <p>A tokens file is JSON:
 *
 * <pre>{@code
 * {"tokens": [
 *   {"name": "billing", "sha256": "<sha-256 of the token, hex>",
 *    "publish": ["billing.*"], "subscribe": ["shop.*"]},
 *   {"name": "ops", "token": "hgt_...", "admin": true}
 * ]}
 * }</pre>
 *
 * Each token has a {@code name} and either its {@code sha256} or the {@code token} itself; {@code
 * publish} and {@code subscribe} list {@link TopicPattern}s (default: none), {@code admin} defaults
 * to false. Immutable.
 */
public final class AccessTokens {
  private static final ObjectMapper JSON =
      JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final Set<String> FIELDS =
      Set.of("name", "sha256", "token", "publish", "subscribe", "admin");

  private final List<ApiToken> tokens;

  private AccessTokens(List<ApiToken> tokens) {
    this.tokens = List.copyOf(tokens);
    Set<String> names = new HashSet<>();
    for (ApiToken token : this.tokens) {
      if (!names.add(token.name())) {
        throw new HeraldException(
            "two API tokens are named " + token.name() + "; give each token its own name");
      }
    }
  }

  /** No tokens: dev mode. */
  public static AccessTokens none() {
    return new AccessTokens(List.of());
  }

  /** Exactly {@code tokens}. */
  public static AccessTokens of(List<ApiToken> tokens) {
    return new AccessTokens(tokens);
  }

  /**
   * The tokens in the JSON file at {@code file}.
   *
   * @throws HeraldException naming the file and what is wrong with it
   */
  public static AccessTokens load(Path file) {
    try {
      return parse(Files.readAllBytes(file), file.toString());
    } catch (NoSuchFileException e) {
      throw new HeraldException("tokens file " + file + " does not exist; check the path", e);
    } catch (IOException e) {
      throw new HeraldException("cannot read tokens file " + file + ": " + e.getMessage(), e);
    }
  }

  static AccessTokens parse(byte[] json, String where) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new HeraldException(
          "tokens file " + where + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new HeraldException("cannot read tokens file " + where + ": " + e.getMessage(), e);
    }
    if (root == null || !root.path("tokens").isArray()) {
      throw new HeraldException(
          "tokens file " + where + " must be a JSON object with a \"tokens\" array");
    }
    List<ApiToken> tokens = new ArrayList<>();
    int index = 0;
    for (JsonNode node : root.get("tokens")) {
      try {
        tokens.add(token(node));
      } catch (HeraldException e) {
        throw new HeraldException(
            "tokens file " + where + ", token " + index + ": " + e.getMessage(), e);
      }
      index++;
    }
    try {
      return new AccessTokens(tokens);
    } catch (HeraldException e) {
      throw new HeraldException("tokens file " + where + ": " + e.getMessage(), e);
    }
  }

  private static ApiToken token(JsonNode node) {
    if (!node.isObject()) {
      throw new HeraldException("each token is a JSON object");
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!FIELDS.contains(field.getKey())) {
        throw new HeraldException(
            "unknown field \"" + field.getKey() + "\"; a token has the fields " + FIELDS);
      }
    }
    String name = text(node, "name").orElse("");
    Optional<String> sha256 = text(node, "sha256");
    Optional<String> secret = text(node, "token");
    if (sha256.isPresent() == secret.isPresent()) {
      throw new HeraldException(
          "give either \"sha256\" (the token's SHA-256, hex) or \"token\" (the token itself)");
    }
    List<TopicPattern> publish = patterns(node, "publish");
    List<TopicPattern> subscribe = patterns(node, "subscribe");
    JsonNode admin = node.path("admin");
    if (!admin.isMissingNode() && !admin.isBoolean()) {
      throw new HeraldException("\"admin\" is true or false");
    }
    boolean isAdmin = admin.asBoolean(false);
    return secret.isPresent()
        ? ApiToken.of(name, secret.get(), publish, subscribe, isAdmin)
        : new ApiToken(name, sha256.get(), publish, subscribe, isAdmin);
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (value.isMissingNode()) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw new HeraldException("\"" + field + "\" is a JSON string");
    }
    return Optional.of(value.textValue());
  }

  private static List<TopicPattern> patterns(JsonNode node, String field) {
    JsonNode list = node.path(field);
    if (list.isMissingNode()) {
      return List.of();
    }
    if (!list.isArray()) {
      throw new HeraldException("\"" + field + "\" is a JSON array of topic patterns");
    }
    List<TopicPattern> patterns = new ArrayList<>();
    for (JsonNode pattern : list) {
      patterns.add(new TopicPattern(pattern.asText()));
    }
    return patterns;
  }

  /** Whether there are none (dev mode). */
  public boolean isEmpty() {
    return tokens.isEmpty();
  }

  /** The tokens, in the order given. */
  public List<ApiToken> tokens() {
    return tokens;
  }

  /** The token whose secret is {@code secret}, if any. */
  Optional<ApiToken> find(String secret) {
    byte[] hash = ApiToken.sha256(secret).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    return tokens.stream()
        .filter(
            token ->
                java.security.MessageDigest.isEqual(
                    hash, token.sha256().getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .findFirst();
  }
}
