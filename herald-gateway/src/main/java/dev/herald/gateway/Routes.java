package dev.herald.gateway;

import io.javalin.config.JavalinConfig;

/** A group of the gateway's endpoints, added to the server's configuration before it starts. */
interface Routes {
  /** Adds the endpoints to {@code config}. */
  void register(JavalinConfig config);
}
