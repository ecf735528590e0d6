package dev.herald.shop.orders;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.util.JavalinBindException;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The orders service's HTTP API, on Javalin:
 *
 * <ul>
 *   <li>{@code POST /orders} with {@code {"customerId": "c-1", "lines": [{"sku": "TEA-GREEN",
 *       "quantity": 2}]}} as {@code application/json}: 201 with the order and its {@code Location}.
 *   <li>{@code GET /orders/{id}}: 200 with the order as stored now, or 404.
 *   <li>{@code GET /orders?limit=N}: the N (default {@value #DEFAULT_LIMIT}, at most {@value
 *       #MAX_LIMIT}) most recently placed orders, newest first, from a view that may trail by a
 *       moment.
 * </ul>
 *
 * <p>A request it refuses gets an RFC 9457 {@code application/problem+json} 4xx saying what is
 * wrong, and nothing is stored: 400 for malformed JSON or a missing or mistyped field, 413 for a
 * body over {@value #MAX_BODY_BYTES} bytes (refused before it is read), 415 for a body that is not
 * {@code application/json}, 422 for lines the shop does not take (an unknown SKU, a quantity out of
 * range).
 */
public final class OrdersHttp implements AutoCloseable {
  /** Largest body of {@code POST /orders}, in bytes. */
  public static final int MAX_BODY_BYTES = 64 * 1024;

  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 1_000;
  private static final Logger log = LoggerFactory.getLogger(OrdersHttp.class);

  private final OrdersService orders;
  private final Javalin app;
  private final URI uri;

  private OrdersHttp(OrdersService orders, String host, int port) {
    this.orders = Objects.requireNonNull(orders, "orders");
    this.app =
        Javalin.create(
            config -> {
              config.startup.showJavalinBanner = false;
              config.routes.post("/orders", this::place);
              config.routes.get("/orders/{id}", this::get);
              config.routes.get("/orders", this::list);
              config.routes.exception(ProblemException.class, (e, ctx) -> Problems.write(ctx, e));
              config.routes.exception(
                  InvalidOrderException.class,
                  (e, ctx) ->
                      Problems.write(
                          ctx, 422, "invalid-order", "Order not accepted", e.getMessage()));
              config.routes.exception(
                  OrderStateException.class,
                  (e, ctx) -> Problems.write(ctx, 409, "order-state", "Conflict", e.getMessage()));
              config.routes.exception(Exception.class, OrdersHttp::unexpected);
              config.routes.error(404, OrdersHttp::noRoute);
              config.routes.error(405, OrdersHttp::noRoute);
            });
    try {
      app.start(host, port);
    } catch (JavalinBindException e) {
      throw new PortInUseException(host, port, e);
    }
    this.uri = URI.create("http://" + host + ":" + app.port());
    log.info("orders API listening on {}/orders", uri);
  }

  /**
   * Serves {@code orders} on {@code host}:{@code port} (0 picks a free port) and returns once it
   * listens.
   *
   * @throws PortInUseException if the port is in use
   */
  public static OrdersHttp start(OrdersService orders, String host, int port) {
    return new OrdersHttp(orders, host, port);
  }

  /** The port it listens on. */
  public int port() {
    return app.port();
  }

  /** Where it listens, such as {@code http://127.0.0.1:7070}. */
  public URI uri() {
    return uri;
  }

  private void place(Context ctx) throws Exception {
    String type = ctx.contentType();
    String mediaType = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (!mediaType.equals("application/json")) {
      throw new ProblemException(
          415,
          "unsupported-media-type",
          "Unsupported media type",
          "the body must be application/json, was "
              + (type == null ? "no Content-Type" : "'" + type + "'"));
    }
    PlaceOrderRequest request = PlaceOrderRequest.parse(BoundedBody.read(ctx, MAX_BODY_BYTES));
    Order order = orders.place(request.customerId(), request.lines());
    ctx.status(201)
        .header("Location", "/orders/" + order.id())
        .contentType("application/json")
        .result(OrderJson.of(order).toString());
  }

  private void get(Context ctx) {
    String id = ctx.pathParam("id");
    Order order =
        orders
            .find(id)
            .orElseThrow(
                () -> new ProblemException(404, "order-not-found", "Not found", "no order " + id));
    ctx.contentType("application/json").result(OrderJson.of(order).toString());
  }

  private void list(Context ctx) {
    int limit = limit(ctx.queryParam("limit"));
    ctx.contentType("application/json").result(OrderJson.list(orders.latest(limit)).toString());
  }

  private static int limit(String text) {
    if (text == null) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(text);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // answered below, like any other limit out of range
    }
    throw Problems.badRequest(
        "invalid-parameter", "limit is a number from 1 to " + MAX_LIMIT + ", was '" + text + "'");
  }

  /** A path or method the API does not have; a problem this API wrote itself is left alone. */
  private static void noRoute(Context ctx) {
    if (Problems.CONTENT_TYPE.equals(ctx.res().getContentType())) {
      return;
    }
    int status = ctx.statusCode();
    Problems.write(
        ctx,
        status,
        status == 405 ? "method-not-allowed" : "no-such-resource",
        status == 405 ? "Method not allowed" : "Not found",
        ctx.method()
            + " "
            + ctx.path()
            + " is not part of this API; it has POST /orders, GET /orders and GET /orders/{id}");
  }

  private static void unexpected(Exception e, Context ctx) {
    log.error("{} {} failed", ctx.method(), ctx.path(), e);
    Problems.write(
        ctx, 500, "internal", "Internal error", "the request failed: " + e + "; see the log");
  }

  /** Stops serving; the service stays open. */
  @Override
  public void close() {
    app.stop();
  }
}
