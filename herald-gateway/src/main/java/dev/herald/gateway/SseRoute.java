package dev.herald.gateway;

import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /topics/{topic}/stream?group=G&from=F}: the topic's events as Server-Sent Events. Each
 * event is a {@code message} whose data is the CloudEvent in JSON and whose id is the stream's
 * position after it (a {@link Cursor}), so a client that reconnects with {@code Last-Event-ID}
 * resumes right after it. {@code from} is {@code latest} (default), {@code earliest} or such an id.
 * With {@code group}, the client is a member of that consumer group: it shares the partitions with
 * the group's other members and the group commits each event once it was written to the client. An
 * idle stream gets a {@code :heartbeat} comment; a client that falls behind the live feed gets a
 * {@code herald.dropped} event with the reason, and the stream ends.
 */
final class SseRoute {
  private static final Logger log = LoggerFactory.getLogger(SseRoute.class);

  private final AccessControl access;
  private final Streams streams;
  private final Duration heartbeat;

  SseRoute(AccessControl access, Streams streams, Duration heartbeat) {
    this.access = access;
    this.streams = streams;
    this.heartbeat = heartbeat;
  }

  void handle(Context ctx) {
    String topic = PublishRoute.topic(ctx.pathParam("topic"));
    access.caller(ctx).requireSubscribe(topic);
    Optional<String> group = Optional.ofNullable(ctx.queryParam("group"));
    String from =
        Optional.ofNullable(ctx.header("Last-Event-ID"))
            .or(() -> Optional.ofNullable(ctx.queryParam("from")))
            .orElse("latest");
    stream(ctx, streams.open(topic, group, from));
  }

  /**
   * Writes {@code source}'s events to {@code ctx} as Server-Sent Events until the client leaves or
   * the source stops (it must be tracked by {@link Streams}), in the calling thread.
   */
  void stream(Context ctx, StreamSource source) {
    ctx.res().setStatus(200);
    ctx.res().setCharacterEncoding("UTF-8");
    ctx.res().setContentType("text/event-stream");
    ctx.res().addHeader("Cache-Control", "no-cache");
    ctx.res().addHeader("X-Accel-Buffering", "no");
    ctx.res().addHeader("Connection", "close"); // a stream that ends closes its connection
    // The stream runs in the request's own (virtual) thread, not in ctx.async: an async request
    // that Jetty recycles before the stream's future completes (when the server stops just as the
    // stream ends, say) sends Javalin into a loop of failures on it that never ends.
    stream(ctx, new SseClient(ctx), source);
  }

  private void stream(Context ctx, SseClient client, StreamSource source) {
    try {
      ctx.res().flushBuffer();
      client.sendComment("connected");
      OutputStream out = ctx.res().getOutputStream();
      while (!client.terminated() && !source.stopped()) {
        List<StreamEvent> events = source.next(heartbeat);
        if (events.isEmpty()) {
          client.sendComment("heartbeat");
          continue;
        }
        // each event's frame is encoded once for all clients (Javalin's sendEvent encodes,
        // decodes and encodes it again for each), and what came at once goes in one flush
        for (StreamEvent event : events) {
          out.write(event.sse());
        }
        ctx.res().flushBuffer();
        events.forEach(source::delivered);
      }
    } catch (StreamSource.TooSlowException e) {
      client.sendEvent("herald.dropped", e.getMessage());
    } catch (IOException e) {
      // the client is gone
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("a stream ended with a failure", e);
    } finally {
      try {
        source.close();
        client.close();
      } finally {
        streams.ended(source); // last: closing the gateway waits for this before stopping Jetty
      }
    }
  }
}
