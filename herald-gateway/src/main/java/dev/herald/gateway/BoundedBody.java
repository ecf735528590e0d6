package dev.herald.gateway;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a request body of at most a limit, refusing a larger one before buffering it: by its
 * declared {@code Content-Length} when it has one, else by reading one byte past the limit.
 */
final class BoundedBody {
  private BoundedBody() {}

  /**
   * The body's bytes.
   *
   * @throws GatewayProblem 413 if the body is larger than {@code limit} bytes
   */
  static byte[] read(Context ctx, int limit) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > limit) {
      throw tooLarge(declared + " bytes", limit);
    }
    try (InputStream in = ctx.req().getInputStream()) {
      if (declared >= 0) {
        // Jetty ends the body at its declared length: one array of that size, rather than the
        // 16 KiB chunks readNBytes(limit + 1) allocates and copies for every request
        return in.readNBytes((int) declared);
      }
      byte[] body = in.readNBytes(limit + 1);
      if (body.length > limit) {
        throw tooLarge("more than " + limit + " bytes", limit);
      }
      return body;
    }
  }

  private static GatewayProblem tooLarge(String size, int limit) {
    return new GatewayProblem(
        413,
        "body-too-large",
        "Content too large",
        "the request body has "
            + size
            + "; this gateway takes at most "
            + limit
            + " bytes per request: send fewer events per batch, or smaller ones");
  }
}
