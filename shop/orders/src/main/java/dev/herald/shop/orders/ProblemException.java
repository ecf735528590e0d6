package dev.herald.shop.orders;

import dev.herald.core.HeraldException;

/**
 * A request the HTTP API refuses, answered as an RFC 9457 problem: {@code status}, a short {@code
 * title} per kind of problem, and the message as its {@code detail}.
 */
final class ProblemException extends HeraldException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String slug;
  private final String title;

  ProblemException(int status, String slug, String title, String detail) {
    super(detail);
    this.status = status;
    this.slug = slug;
    this.title = title;
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
}
