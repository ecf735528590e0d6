package dev.herald.gateway;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code /ws}: the streams of SSE and publishing over one WebSocket, in JSON messages.
 *
 * <ul>
 *   <li>{@code {"type":"subscribe","id":"s1","topic":"shop.order","group":"g","from":"latest"}}
 *       ({@code group} and {@code from} as for SSE) → {@code {"type":"subscribed","id":"s1"}}, then
 *       {@code {"type":"event","subscription":"s1","position":"0:12,1:7","event":{...}}} per event;
 *       {@code {"type":"dropped","subscription":"s1","detail":...}} if the client falls behind.
 *   <li>{@code {"type":"ack","subscription":"s1","position":"0:12,1:7"}}: in a group, commits up to
 *       that position; a group subscription commits only what is acknowledged.
 *   <li>{@code {"type":"unsubscribe","subscription":"s1"}} → {@code {"type":"unsubscribed",...}}.
 *   <li>{@code {"type":"publish","id":"p1","topic":"shop.order","event":{CloudEvent}}} → {@code
 *       {"type":"published","id":"p1","positions":[...]}}.
 *   <li>A message it refuses → {@code {"type":"error","id":...,"problem":{RFC 9457}}}.
 * </ul>
 *
 * <p>A page from another origin may not connect unless its {@code Origin} is allowed (pages served
 * by the gateway itself always may); tokens as for HTTP, or {@code ?access_token=} from browsers.
 */
final class WebSocketRoute implements Routes {
  private final AccessControl access;
  private final Streams streams;
  private final PublishRoute publish;
  private final Duration heartbeat;
  private final List<String> allowedOrigins;
  private final Map<String, WsConnection> connections = new ConcurrentHashMap<>();

  WebSocketRoute(
      AccessControl access,
      Streams streams,
      PublishRoute publish,
      Duration heartbeat,
      List<String> allowedOrigins) {
    this.access = access;
    this.streams = streams;
    this.publish = publish;
    this.heartbeat = heartbeat;
    this.allowedOrigins = List.copyOf(allowedOrigins);
  }

  @Override
  public void register(JavalinConfig config) {
    config.routes.wsBeforeUpgrade("/ws", this::beforeUpgrade);
    config.routes.ws(
        "/ws",
        ws -> {
          ws.onConnect(
              ctx -> {
                AccessControl.Caller caller =
                    access.caller(ctx.header("Authorization"), ctx.queryParam("access_token"));
                connections.put(
                    ctx.sessionId(),
                    new WsConnection(ctx.session, caller, streams, publish, heartbeat));
                ctx.enableAutomaticPings(heartbeat.toMillis(), TimeUnit.MILLISECONDS);
              });
          ws.onMessage(
              ctx -> {
                WsConnection connection = connections.get(ctx.sessionId());
                if (connection != null) {
                  connection.receive(ctx.message());
                }
              });
          ws.onClose(this::gone);
          ws.onError(this::gone);
        });
  }

  private void beforeUpgrade(Context ctx) {
    String origin = ctx.header("Origin");
    if (origin != null && !isAllowed(origin, ctx.header("Host"))) {
      throw new GatewayProblem(
          403,
          "origin-not-allowed",
          "Forbidden",
          "pages from "
              + origin
              + " may not open a WebSocket to this gateway; allow the origin when starting it"
              + " (--allow-origin)");
    }
    access.caller(ctx); // 401 before the upgrade, not after
  }

  private boolean isAllowed(String origin, String host) {
    return allowedOrigins.contains(origin)
        || (host != null && (origin.equals("http://" + host) || origin.equals("https://" + host)));
  }

  private void gone(WsContext ctx) {
    WsConnection connection = connections.remove(ctx.sessionId());
    if (connection != null) {
      connection.close();
    }
  }
}
