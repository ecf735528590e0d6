package dev.herald.gateway;

import dev.herald.core.HeraldException;
import io.javalin.http.Context;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Decides who a request is and what it may do. With tokens, every request must carry one ({@code
 * Authorization: Bearer <token>}, or {@code ?access_token=} where a browser cannot set headers:
 * EventSource, WebSocket) and may do only what its token allows: 401 without a known token, 403 for
 * a right it lacks. Without tokens (dev mode), which only a loopback address may serve, everyone
 * may do everything. Thread-safe.
 */
final class AccessControl {
  private static final String BEARER = "Bearer ";

  private final AccessTokens tokens;

  private AccessControl(AccessTokens tokens) {
    this.tokens = tokens;
  }

  /**
   * Access control for a gateway bound to {@code host}.
   *
   * @throws HeraldException if there are no tokens and {@code host} is not a loopback address
   */
  static AccessControl of(AccessTokens tokens, String host) {
    if (tokens.isEmpty() && !isLoopback(host)) {
      throw new HeraldException(
          "refusing to serve "
              + host
              + " without API tokens: anyone who can reach it could publish, read every topic and"
              + " use the admin API. Give a tokens file (herald gateway --tokens FILE; each token"
              + " names the topics it may publish and subscribe to), or bind 127.0.0.1 for a"
              + " gateway only this machine uses");
    }
    return new AccessControl(tokens);
  }

  /** Whether requests need no token. */
  boolean isOpen() {
    return tokens.isEmpty();
  }

  /**
   * Who sent {@code ctx}.
   *
   * @throws GatewayProblem 401 if tokens are required and the request has no known one
   */
  Caller caller(Context ctx) {
    return caller(ctx.header("Authorization"), ctx.queryParam("access_token"));
  }

  /**
   * Who sent a request with these (possibly missing) credentials.
   *
   * @throws GatewayProblem 401 if tokens are required and there is no known one
   */
  Caller caller(String authorization, String accessToken) {
    if (isOpen()) {
      return Caller.ANYONE;
    }
    Optional<String> secret = secret(authorization, accessToken);
    if (secret.isEmpty()) {
      throw unauthorized("this gateway needs an API token: send Authorization: Bearer <token>");
    }
    return tokens
        .find(secret.get())
        .map(Caller::new)
        .orElseThrow(
            () ->
                unauthorized(
                    "the API token is not one this gateway knows; check it, or ask for one"));
  }

  static Optional<String> secret(String authorization, String accessToken) {
    if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
      return Optional.of(authorization.substring(BEARER.length()).trim());
    }
    return Optional.ofNullable(accessToken).filter(token -> !token.isBlank());
  }

  private static GatewayProblem unauthorized(String detail) {
    return new GatewayProblem(401, "unauthorized", "Unauthorized", detail);
  }

  private static boolean isLoopback(String host) {
    try {
      return InetAddress.getByName(host).isLoopbackAddress();
    } catch (UnknownHostException e) {
      throw new HeraldException("cannot resolve host " + host + " to bind: " + e.getMessage(), e);
    }
  }

  /** Who made a request: a token, or anyone in dev mode. */
  record Caller(Optional<ApiToken> token) {
    static final Caller ANYONE = new Caller(Optional.empty());

    Caller(ApiToken token) {
      this(Optional.of(token));
    }

    /**
     * @throws GatewayProblem 403 unless the caller may publish to {@code topic}
     */
    void requirePublish(String topic) {
      if (token.isPresent() && !token.get().mayPublish(topic)) {
        throw forbidden("publish to topic " + topic);
      }
    }

    /**
     * @throws GatewayProblem 403 unless the caller may follow {@code topic}
     */
    void requireSubscribe(String topic) {
      if (token.isPresent() && !token.get().maySubscribe(topic)) {
        throw forbidden("subscribe to topic " + topic);
      }
    }

    /**
     * @throws GatewayProblem 403 unless the caller may use the admin API
     */
    void requireAdmin() {
      if (token.isPresent() && !token.get().admin()) {
        throw forbidden("use the admin API");
      }
    }

    private GatewayProblem forbidden(String what) {
      return new GatewayProblem(
          403,
          "forbidden",
          "Forbidden",
          "API token "
              + token.map(ApiToken::name).orElse("?")
              + " may not "
              + what
              + "; ask for a token with that right");
    }
  }
}
