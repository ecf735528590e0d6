package dev.herald.gateway;

import dev.herald.core.HeraldException;
import java.time.Duration;
import java.util.Optional;

/**
 * A request the gateway refuses, answered as an RFC 9457 problem: an HTTP {@code status}, a short
 * {@code title} per kind of problem, a {@code type} URI ending in {@code slug}, and the message as
 * its {@code detail}, which says what is wrong and what to do.
 */
final class GatewayProblem extends HeraldException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String slug;
  private final String title;
  private final transient Optional<Duration> retryAfter;

  GatewayProblem(int status, String slug, String title, String detail) {
    this(status, slug, title, detail, Optional.empty());
  }

  private GatewayProblem(
      int status, String slug, String title, String detail, Optional<Duration> retryAfter) {
    super(detail);
    this.status = status;
    this.slug = slug;
    this.title = title;
    this.retryAfter = retryAfter;
  }

  static GatewayProblem badRequest(String slug, String detail) {
    return new GatewayProblem(400, slug, "Bad request", detail);
  }

  static GatewayProblem notFound(String slug, String detail) {
    return new GatewayProblem(404, slug, "Not found", detail);
  }

  static GatewayProblem unavailable(String detail, Duration retryAfter) {
    return new GatewayProblem(
        503, "unavailable", "Service unavailable", detail, Optional.of(retryAfter));
  }

  int status() {
    return status;
  }

  /** The problem's kind, the last segment of its {@code type} URI. */
  String slug() {
    return slug;
  }

  String title() {
    return title;
  }

  /** How long the client should wait before trying again, for a 503. */
  Optional<Duration> retryAfter() {
    return retryAfter;
  }
}
