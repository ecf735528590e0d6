package dev.herald.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.herald.core.Delivery;
import dev.herald.core.HeraldException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code herald tail --url}: follows a topic through a gateway's Server-Sent Events stream and
 * prints each event as {@link Tail} does. Each event's SSE id is the stream's position after it, so
 * when the gateway drops a client that fell behind, the tail reconnects right after the last event
 * it printed; that position is also what {@code --from} takes to resume later. A silent gateway
 * (not even a heartbeat for {@link #SILENCE}) is a failure. Runs on one thread; {@link #stop()} may
 * be called from any thread.
 */
final class GatewayTail {
  /** How long the stream may bring nothing at all, not even a heartbeat. */
  static final Duration SILENCE = Duration.ofSeconds(60);

  private static final Duration POLL = Duration.ofSeconds(1);

  private final GatewayClient gateway;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Optional<Long> max;
  private final Optional<Duration> idleTimeout;
  private volatile boolean stopped;
  private volatile SseStream current;
  private long printed;
  private long lastArrival;
  private Optional<String> position = Optional.empty();
  private boolean inGroup;

  GatewayTail(
      GatewayClient gateway,
      PrintWriter out,
      PrintWriter err,
      Optional<Long> max,
      Optional<Duration> idleTimeout) {
    this.gateway = gateway;
    this.out = out;
    this.err = err;
    this.max = max;
    this.idleTimeout = idleTimeout;
  }

  /**
   * Follows {@code topic} (as {@code group}, if given) until stopped, {@code max} events were
   * printed or it was idle too long; how many it printed.
   *
   * @throws HeraldException if the gateway ended the stream or fell silent
   */
  long run(String topic, Optional<String> group, TailStart start) throws InterruptedException {
    lastArrival = System.nanoTime();
    inGroup = group.isPresent();
    String from = start.from();
    while (!stopped && !reachedMax()) {
      String path =
          "/topics/"
              + GatewayClient.encode(topic)
              + "/stream?from="
              + GatewayClient.encode(position.orElse(from))
              + group.map(g -> "&group=" + GatewayClient.encode(g)).orElse("");
      try (SseStream stream = SseStream.open(gateway.stream(path))) {
        current = stream;
        if (stopped) {
          break;
        }
        Optional<String> dropped = follow(stream, start.skipBelow());
        if (dropped.isEmpty()) {
          break;
        }
        err.println(
            "note: the gateway dropped this stream ("
                + dropped.get()
                + "); resuming after the last event printed");
        err.flush();
      }
    }
    out.flush();
    if (group.isEmpty() && position.isPresent()) {
      err.println("note: to resume after the last event printed, give --from " + position.get());
      err.flush();
    }
    return printed;
  }

  /** Prints what {@code stream} brings until it is time to stop; why the gateway dropped it. */
  private Optional<String> follow(SseStream stream, long skipBelow) throws InterruptedException {
    long lastHeard = System.nanoTime();
    while (!stopped && !reachedMax()) {
      Duration wait = POLL;
      if (idleTimeout.isPresent()) {
        long left = lastArrival + idleTimeout.get().toNanos() - System.nanoTime();
        if (left <= 0) {
          break;
        }
        wait = Duration.ofNanos(Math.min(left, POLL.toNanos()));
      }
      Optional<SseStream.Item> item = stream.next(wait);
      if (item.isEmpty()) {
        if (System.nanoTime() - lastHeard > SILENCE.toNanos()) {
          throw ended(
              "sent nothing, not even a heartbeat, for " + SILENCE.toSeconds() + " s",
              Optional.empty());
        }
        continue;
      }
      lastHeard = System.nanoTime();
      switch (item.get()) {
        case SseStream.Event event when event.name().equals("message") -> print(event, skipBelow);
        case SseStream.Event event when event.name().equals("herald.dropped") -> {
          return Optional.of(event.data());
        }
        case SseStream.End end when !stopped ->
            throw ended("ended the stream (is it stopping?)", end.failure());
        default -> {
          // heartbeats, wake-ups, events of other kinds, and the end of a stopped stream
        }
      }
      if (out.checkError()) {
        // Whoever read the output went away (such as `| head`).
        break;
      }
    }
    return Optional.empty();
  }

  private void print(SseStream.Event event, long skipBelow) {
    Delivery delivery;
    try {
      JsonNode json = CloudEventJson.parse(event.data().getBytes(StandardCharsets.UTF_8));
      delivery = CloudEventJson.delivery(json);
    } catch (IOException | HeraldException e) {
      throw new HeraldException(
          "the gateway at "
              + gateway.uri()
              + " sent an event this herald cannot read: "
              + e.getMessage(),
          e);
    }
    lastArrival = System.nanoTime();
    if (delivery.offset() >= skipBelow) {
      out.println(CloudEventJson.line(CloudEventJson.event(delivery)));
      printed++;
    }
    position = event.id().or(() -> position);
  }

  private HeraldException ended(String what, Optional<? extends Exception> cause) {
    return new HeraldException(
        "the gateway at "
            + gateway.uri()
            + " "
            + what
            + position
                .filter(p -> !inGroup)
                .map(p -> "; resume after the last event printed with --from " + p)
                .orElse(inGroup ? "; run it again to resume after what the group was sent" : ""),
        cause.orElse(null));
  }

  /** Makes {@link #run} return after the event it is printing. */
  void stop() {
    stopped = true;
    SseStream stream = current;
    if (stream != null) {
      stream.wake();
    }
  }

  private boolean reachedMax() {
    return max.isPresent() && printed >= max.get();
  }
}
