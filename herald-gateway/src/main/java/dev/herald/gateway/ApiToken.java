package dev.herald.gateway;

import dev.herald.core.HeraldException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * One API token and what it may do: publish to the topics {@code publish} names, follow (SSE,
 * WebSocket) the topics {@code subscribe} names, and use the admin API if {@code admin}. The token
 * itself is kept only as its SHA-256, so a tokens file need not hold secrets.
 *
 * @param name who holds it, for logs and answers (never the secret)
 * @param sha256 the SHA-256 of the token, 64 lower-case hex digits
 * @param publish topics it may publish to
 * @param subscribe topics it may follow
 * @param admin whether it may use the admin API (which also lets it publish and follow anything)
 */
public record ApiToken(
    String name,
    String sha256,
    List<TopicPattern> publish,
    List<TopicPattern> subscribe,
    boolean admin) {
  /** What every token Herald generates starts with, so a leaked one is easy to search for. */
  public static final String PREFIX = "hgt_";

  private static final SecureRandom RANDOM = new SecureRandom();

  /**
   * Checks the fields.
   *
   * @throws HeraldException if the name is blank or the hash is not 64 hex digits
   */
  public ApiToken {
    if (name == null || name.isBlank()) {
      throw new HeraldException("an API token needs a name that says whose it is");
    }
    if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
      throw new HeraldException(
          "API token "
              + name
              + ": its sha256 must be 64 lower-case hex digits (the SHA-256 of the token)");
    }
    publish = List.copyOf(publish);
    subscribe = List.copyOf(subscribe);
  }

  /** A token for {@code secret} as given (such as one {@link #generateSecret()} made). */
  public static ApiToken of(
      String name,
      String secret,
      List<TopicPattern> publish,
      List<TopicPattern> subscribe,
      boolean admin) {
    return new ApiToken(name, sha256(secret), publish, subscribe, admin);
  }

  /** A new random token secret: {@value #PREFIX} and 32 URL-safe characters (192 bits). */
  public static String generateSecret() {
    byte[] bytes = new byte[24];
    RANDOM.nextBytes(bytes);
    return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Whether {@code secret} is this token, compared in constant time. */
  public boolean isToken(String secret) {
    return MessageDigest.isEqual(
        sha256.getBytes(StandardCharsets.US_ASCII),
        sha256(secret).getBytes(StandardCharsets.US_ASCII));
  }

  /** Topics Herald keeps for itself (webhooks and their secrets, dead letters' actions...). */
  static final String RESERVED_PREFIX = "herald.";

  /**
   * Whether it may publish to {@code topic}. Herald's own topics ({@value #RESERVED_PREFIX}*) are
   * for admin tokens only, whatever the patterns say.
   */
  public boolean mayPublish(String topic) {
    return admin
        || (!topic.startsWith(RESERVED_PREFIX)
            && publish.stream().anyMatch(pattern -> pattern.matches(topic)));
  }

  /** Whether it may follow {@code topic}; Herald's own topics are for admin tokens only. */
  public boolean maySubscribe(String topic) {
    return admin
        || (!topic.startsWith(RESERVED_PREFIX)
            && subscribe.stream().anyMatch(pattern -> pattern.matches(topic)));
  }

  /** The SHA-256 of {@code secret} as 64 lower-case hex digits. */
  public static String sha256(String secret) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).toLowerCase(Locale.ROOT);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
