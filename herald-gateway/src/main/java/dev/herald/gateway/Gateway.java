package dev.herald.gateway;

import dev.herald.core.HeraldException;
import dev.herald.core.spi.Transport;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.util.JavalinBindException;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Herald's HTTP edge, so that services in any language can join: publish with an HTTP POST, follow
 * a topic with Server-Sent Events or a WebSocket, and use the admin API; and a live dashboard at
 * {@code /} to watch the events flow, trace one flow and replay dead letters. Every answer that
 * refuses a request is an RFC 9457 {@code application/problem+json}.
 *
 * <pre>{@code
 * try (Gateway gateway = Gateway.builder(transport).port(8080).start()) {
 *   System.out.println("publish at " + gateway.uri() + "/topics/{topic}/events");
 * }
 * }</pre>
 *
 * <p>Thread-safe. {@link #close()} stops serving and ends every stream; it does not close the
 * transport.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Gateway.class);
  private static final int RESPONSE_COPY_BUFFER = 4 * 1024;

  private final Javalin app;
  private final URI uri;
  private final List<AutoCloseable> parts;
  private final Streams streams;
  private final PanelRoutes panels;

  private Gateway(Builder builder, AccessControl access) {
    GatewayParts made = new GatewayParts(builder, access);
    this.parts = made.closeables();
    this.streams = made.streams();
    this.panels = made.panels();
    Javalin created = Javalin.create(config -> configure(config, made));
    try {
      created.start(builder.host, builder.port);
    } catch (JavalinBindException e) {
      made.close();
      throw new HeraldException(
          "cannot listen on "
              + builder.host
              + ":"
              + builder.port
              + " ("
              + e.getMessage()
              + "); is another process using the port? Choose another with --port",
          e);
    }
    this.app = created;
    String host = builder.host.contains(":") ? "[" + builder.host + "]" : builder.host;
    this.uri = URI.create("http://" + host + ":" + app.port());
    log.info("gateway listening on {}", uri);
  }

  private static void configure(JavalinConfig config, GatewayParts parts) {
    config.startup.showJavalinBanner = false;
    config.concurrency.useVirtualThreads = true;
    config.http.prefer405over404 = true;
    // Javalin copies each answer to Jetty through a buffer of this size, allocated per request;
    // the default, Jetty's 32 KiB output buffer, is most of the garbage a small publish makes
    config.http.responseBufferSize = RESPONSE_COPY_BUFFER;
    parts.routes().forEach(route -> route.register(config));
    config.routes.exception(GatewayProblem.class, (e, ctx) -> Problems.write(ctx, e));
    config.routes.exception(Exception.class, Gateway::unexpected);
    config.routes.error(404, Gateway::noRoute);
    config.routes.error(405, Gateway::noMethod);
  }

  /** Starts a builder for a gateway onto {@code transport}. */
  public static Builder builder(Transport transport) {
    return new Builder(transport);
  }

  /**
   * Shows {@code panel} in the dashboard as {@code id} (1 to 40 of a-z, 0-9 and '-'), beside
   * Herald's own views, replacing any panel of that id; the dashboard asks {@code panel} for a
   * fresh one every few seconds, on a request thread, so it must be quick and thread-safe.
   *
   * @throws HeraldException if {@code id} is not such a name
   */
  public Gateway panel(String id, Supplier<DashboardPanel> panel) {
    try {
      panels.add(id, Objects.requireNonNull(panel, "panel"));
    } catch (IllegalArgumentException e) {
      throw new HeraldException(e.getMessage(), e);
    }
    return this;
  }

  /** The port it listens on. */
  public int port() {
    return app.port();
  }

  /** Where it listens, such as {@code http://127.0.0.1:8080}. */
  public URI uri() {
    return uri;
  }

  /**
   * Ends every stream, waiting (a few seconds at most) for their writers, then stops serving and
   * stops delivering webhooks.
   */
  @Override
  public void close() {
    // A stream whose writer outlived the server would complete its request after Jetty recycled
    // it, and Javalin then keeps failing on that request in a loop.
    streams.close();
    app.stop();
    for (AutoCloseable part : parts) {
      try {
        part.close();
      } catch (Exception e) {
        log.warn("closing {} failed", part, e);
      }
    }
  }

  private static void unexpected(Exception e, Context ctx) {
    if (answerBegan(ctx)) {
      log.debug("a request failed after its answer began (the client left?)", e);
      return;
    }
    log.error("{} {} failed", ctx.method(), ctx.path(), e);
    Problems.write(
        ctx,
        new GatewayProblem(
            500,
            "internal-error",
            "Internal error",
            "the gateway failed to answer (" + e.getClass().getSimpleName() + "); see its log"));
  }

  private static boolean answerBegan(Context ctx) {
    try {
      return ctx.res().isCommitted();
    } catch (RuntimeException recycled) {
      return true; // the server already recycled the exchange
    }
  }

  private static void noRoute(Context ctx) {
    if (!Problems.CONTENT_TYPE.equals(ctx.res().getContentType())) {
      Problems.write(ctx, GatewayProblem.notFound("no-such-route", "no resource at " + ctx.path()));
    }
  }

  private static void noMethod(Context ctx) {
    Problems.write(
        ctx,
        new GatewayProblem(
            405,
            "method-not-allowed",
            "Method not allowed",
            ctx.method() + " is not allowed on " + ctx.path()));
  }

  /** Settings of a {@link Gateway}; {@link #start()} starts it. */
  public static final class Builder {
    final Transport transport;
    String host = "127.0.0.1";
    int port = 0;
    AccessTokens tokens = AccessTokens.none();
    int maxBodyBytes = 1024 * 1024;
    Duration appendTimeout = Duration.ofSeconds(10);
    Duration heartbeat = Duration.ofSeconds(15);
    int clientBuffer = 1_000;
    List<String> allowedOrigins = new ArrayList<>();
    PrometheusMeterRegistry meters;
    EventIndex.Settings index = EventIndex.Settings.DEFAULTS;
    WebhookSettings webhooks = WebhookSettings.defaults();

    private Builder(Transport transport) {
      this.transport = Objects.requireNonNull(transport, "transport");
    }

    /** The address to listen on; default {@code 127.0.0.1}. Any other needs {@link #tokens}. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** The port to listen on; default 0, any free port. */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new HeraldException("port " + port + " is not a port number (0 to 65535)");
      }
      this.port = port;
      return this;
    }

    /** The API tokens it accepts; default none (dev mode, loopback only). */
    public Builder tokens(AccessTokens tokens) {
      this.tokens = Objects.requireNonNull(tokens, "tokens");
      return this;
    }

    /** The largest request body it reads, in bytes; default 1 MiB. */
    public Builder maxBodyBytes(int maxBodyBytes) {
      if (maxBodyBytes < 1) {
        throw new HeraldException("maxBodyBytes must be at least 1, was " + maxBodyBytes);
      }
      this.maxBodyBytes = maxBodyBytes;
      return this;
    }

    /** How long a publish waits for the transport before answering 503; default 10 s. */
    public Builder appendTimeout(Duration appendTimeout) {
      this.appendTimeout = positive("appendTimeout", appendTimeout);
      return this;
    }

    /** How often an idle stream (SSE, WebSocket) gets a heartbeat; default 15 s. */
    public Builder heartbeat(Duration heartbeat) {
      this.heartbeat = positive("heartbeat", heartbeat);
      return this;
    }

    /**
     * How many events may wait for one live client before it is too slow and is dropped (with a
     * reason), so that it never slows the others; default 1,000.
     */
    public Builder clientBuffer(int clientBuffer) {
      if (clientBuffer < 1) {
        throw new HeraldException("clientBuffer must be at least 1, was " + clientBuffer);
      }
      this.clientBuffer = clientBuffer;
      return this;
    }

    /**
     * Origins (such as {@code https://app.example.com}) whose pages may open a WebSocket; pages
     * served by the gateway itself always may, and clients that send no {@code Origin} (not
     * browsers) are not affected.
     */
    public Builder allowedOrigins(List<String> origins) {
      this.allowedOrigins = new ArrayList<>(origins);
      return this;
    }

    /** The registry {@code /metrics} serves; default a new one with JVM metrics. */
    public Builder meterRegistry(PrometheusMeterRegistry meters) {
      this.meters = Objects.requireNonNull(meters, "meters");
      return this;
    }

    /**
     * How many events, and how many bytes of them, the event index behind {@code /admin/events}
     * keeps (the newest; default 100,000 and 64 MiB), and how often it looks for new topics
     * (default 5 s).
     */
    Builder eventIndex(int capacity, long maxBytes, Duration discoverEvery) {
      if (capacity < 1 || maxBytes < 1) {
        throw new HeraldException(
            "the event index keeps at least 1 event and 1 byte; was given "
                + capacity
                + " events and "
                + maxBytes
                + " bytes");
      }
      this.index =
          new EventIndex.Settings(capacity, maxBytes, positive("discoverEvery", discoverEvery));
      return this;
    }

    /**
     * Address ranges (CIDR, such as {@code 10.1.0.0/16} or {@code fd00::/8}) that webhooks may
     * reach although the SSRF guard would refuse them (loopback, private, link-local, ...); default
     * none.
     *
     * @throws HeraldException naming a range that is not one
     */
    public Builder webhookAllowList(List<String> cidrs) {
      List<Cidr> ranges = cidrs.stream().map(Cidr::parse).toList();
      this.webhooks = webhooks.withAllowList(ranges);
      return this;
    }

    /** Changes how webhooks are delivered (clock, retry schedule, resolver), for tests. */
    Builder webhooks(UnaryOperator<WebhookSettings> change) {
      this.webhooks = change.apply(webhooks);
      return this;
    }

    /**
     * Starts serving and returns once it listens.
     *
     * @throws HeraldException if the port is taken, or if it would serve a non-loopback address
     *     without tokens
     */
    public Gateway start() {
      AccessControl access = AccessControl.of(tokens, host);
      if (meters == null) {
        meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
      }
      return new Gateway(this, access);
    }

    private static Duration positive(String what, Duration duration) {
      if (duration.isNegative() || duration.isZero()) {
        throw new HeraldException(what + " must be positive, was " + duration);
      }
      return duration;
    }
  }
}
