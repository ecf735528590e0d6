package dev.herald.core;

import dev.herald.core.spi.Names;
import dev.herald.core.spi.Transport;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One service's door to Herald: it publishes typed events and runs handlers for the event types it
 * reacts to.
 *
 * <pre>{@code
 * try (EventBus bus = EventBus.builder("shipping").transport(transport).build()) {
 *   bus.on(OrderPaid.class, (paid, context) -> context.publish(new ShipmentCreated(paid.orderId())));
 *   bus.start();
 *   ...
 * }
 * }</pre>
 *
 * <p>The service name is the CloudEvents {@code source} of everything it publishes and the default
 * consumer group of its handlers: several buses with one service name on one transport share the
 * work (each event is handled by one of them), buses with different names each see every event.
 * Handlers for types that share a topic see those events in publish order per key.
 *
 * <p>Delivery is at least once: an event's offset is committed only after its handler returned or
 * the event was stored in the group's dead letters, so a crash brings it back. A failing handler is
 * retried per its {@link RetryPolicy} ({@link RetryPolicy#defaults() 5 attempts with backoff}
 * unless set with {@link Builder#retry} or {@link HandlerOptions}); then, or at once for an
 * exception the policy does not retry or an event that cannot be decoded, the event goes to the
 * group's dead letters ({@link DeadLetters}) and the partition moves on. While an event waits for
 * its next attempt, only its partition waits. Each handler call runs with the event's {@code
 * correlationid}, {@code causationid}, {@code eventid}, {@code eventtype} and the {@code service}
 * in the SLF4J MDC. With {@link Builder#meterRegistry} the bus records Micrometer metrics, and with
 * {@link Builder#openTelemetry} OpenTelemetry spans linked across services through the envelope's
 * {@code traceparent}; without them both cost next to nothing. Thread-safe.
 */
public interface EventBus extends AutoCloseable {

  /** Starts building the bus of service {@code service}. */
  static Builder builder(String service) {
    return new Builder(service);
  }

  /** The service name. */
  String service();

  /** The consumer group its handlers run in. */
  String group();

  /**
   * Registers the handler for events of {@code type}. One handler per type and service; call before
   * {@link #start()}.
   *
   * @throws HeraldException if the type is not an event type, already has a handler, or the bus has
   *     started
   */
  <E> EventBus on(Class<E> type, EventHandler<? super E> handler);

  /**
   * Registers the handler for events of {@code type}, run as {@code options} say: its name in dead
   * letters, retry policy, timeout, circuit breaker and ordered mode.
   *
   * @throws HeraldException if the type is not an event type, already has a handler, or the bus has
   *     started
   */
  <E> EventBus on(Class<E> type, EventHandler<? super E> handler, HandlerOptions options);

  /** This group's dead letters: list, show, replay and purge them. */
  DeadLetters deadLetters();

  /**
   * Joins the consumer group on every topic that has a handler, and starts handling. Returns at
   * once; handling runs on Herald's threads.
   */
  void start();

  /**
   * Publishes {@code event} under the key its type names. Returns when the transport holds it
   * durably.
   *
   * @throws HeraldException if the event cannot be encoded or stored
   */
  Position publish(Object event);

  /** Publishes {@code event} under {@code key}, which picks its partition and order. */
  Position publish(Object event, String key);

  /**
   * Publishes {@code event} without waiting: the future completes with its position once the
   * transport holds it durably, or fails with a {@link HeraldException}. Events published
   * asynchronously from one thread keep their order per key. Use it to publish many events quickly;
   * {@link #publish(Object)} is the same call followed by waiting.
   *
   * @throws HeraldException at once if the event cannot be encoded or the bus is closed
   */
  java.util.concurrent.CompletableFuture<Position> publishAsync(Object event);

  /**
   * Publishes {@code events}, each under the key its type names, in one append per topic. Returns
   * their positions in input order once all are stored.
   */
  List<Position> publish(List<?> events);

  /**
   * Stops fetching, lets in-flight handlers finish (up to the shutdown timeout), commits what was
   * handled and leaves the group. The transport is closed too if the bus opened it.
   */
  @Override
  void close();

  /**
   * Settings for an {@link EventBus}. Conflicting or missing settings are rejected at {@link
   * #build()} with a message that says how to fix them. Not thread-safe.
   */
  final class Builder {
    private static final int MAX_NAME = 200;
    final String service;
    Transport transport;
    String transportUri;
    String group;
    EventTypes types = new EventTypes();
    Codec codec = Codec.json();
    Clock clock = Clock.systemUTC();
    StartPosition startPosition = StartPosition.earliest();
    Duration redeliveryDelay = Duration.ofSeconds(1);
    RetryPolicy retry = RetryPolicy.defaults();
    Duration shutdownTimeout = Duration.ofSeconds(30);
    int maxQueuedPerPartition = 1000;
    final List<Middleware> middleware = new ArrayList<>();
    MeterRegistry meterRegistry;
    OpenTelemetry openTelemetry;
    boolean outcomeReports = true;
    Duration outcomeReportEvery = Duration.ofSeconds(1);
    int outcomeReportBudget = 1_000;

    private Builder(String service) {
      this.service = service;
    }

    /** The transport to use; the caller keeps ownership and closes it. */
    public Builder transport(Transport transport) {
      this.transport = transport;
      return this;
    }

    /** Opens the transport named by {@code uri} at build; the bus closes it. */
    public Builder transport(String uri) {
      this.transportUri = uri;
      return this;
    }

    /** The consumer group; defaults to the service name. */
    public Builder group(String group) {
      this.group = group;
      return this;
    }

    /** The event type registry; defaults to a new one that registers annotated records. */
    public Builder types(EventTypes types) {
      this.types = types;
      return this;
    }

    /** The codec; defaults to {@link Codec#json()}. */
    public Builder codec(Codec codec) {
      this.codec = codec;
      return this;
    }

    /** The clock for event times and delays; defaults to the system clock in UTC. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Where a new group starts reading; defaults to {@link StartPosition#earliest()}. */
    public Builder startFrom(StartPosition startPosition) {
      this.startPosition = startPosition;
      return this;
    }

    /** Adds a middleware; the first added is the outermost. */
    public Builder use(Middleware middleware) {
      this.middleware.add(middleware);
      return this;
    }

    /**
     * The retry policy of every handler that has none of its own; defaults to {@link
     * RetryPolicy#defaults()}.
     */
    public Builder retry(RetryPolicy policy) {
      this.retry = policy;
      return this;
    }

    /**
     * How long a partition waits before an event is delivered again when it could be neither
     * handled nor dead-lettered (the dead-letter append failed); defaults to 1 second. Other
     * partitions keep flowing meanwhile. Retries of a failing handler follow the {@link
     * #retry(RetryPolicy) retry policy} instead.
     */
    public Builder redeliveryDelay(Duration delay) {
      this.redeliveryDelay = delay;
      return this;
    }

    /** How long {@link EventBus#close()} waits for in-flight handlers; defaults to 30 s. */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = timeout;
      return this;
    }

    /** How many fetched events may wait per partition before fetching pauses; defaults to 1000. */
    public Builder maxQueuedPerPartition(int max) {
      this.maxQueuedPerPartition = max;
      return this;
    }

    /**
     * Records metrics in {@code registry}; by default none are recorded (nothing goes to
     * Micrometer's global registry either). Several buses may share one registry: every meter is
     * tagged with {@code service}, and those of handling with {@code group}, {@code topic} and
     * {@code type}.
     *
     * <ul>
     *   <li>{@code herald.events.published} (counter; {@code service}, {@code topic}, {@code
     *       type}): events stored by the transport.
     *   <li>{@code herald.events.handled}: events whose handler succeeded.
     *   <li>{@code herald.events.failed}: handler attempts that failed, each attempt counted.
     *   <li>{@code herald.events.retried}: failed attempts that were tried again.
     *   <li>{@code herald.events.dead_lettered} (also {@code reason}, such as {@code
     *       retries-exhausted}): events stored in the group's dead letters.
     *   <li>{@code herald.handler.duration} (timer with a percentile histogram; also {@code
     *       outcome}: {@code success} or {@code failure}): the time of each attempt, middleware
     *       included.
     *   <li>{@code herald.consumer.lag} (gauge; {@code service}, {@code group}, {@code topic},
     *       {@code partition}): events in a partition this member owns that the group has not yet
     *       settled (handled, skipped or dead-lettered); read from the transport's end offsets when
     *       the registry is scraped, NaN if the transport cannot tell them.
     * </ul>
     */
    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = registry;
      return this;
    }

    /**
     * Traces publishing and handling through {@code openTelemetry}; by default no spans are made.
     * Spans follow the OpenTelemetry messaging conventions: a {@code publish <topic>} PRODUCER span
     * per publish call and topic, and a {@code process <topic>} CONSUMER span per event handled
     * (all attempts and a dead letter included). The publish span's context travels in the envelope
     * as the W3C {@code traceparent} and {@code tracestate} extensions and becomes the parent of
     * the process span in the service that handles it, whatever the transport; the process span is
     * current while the handler runs, so what the handler publishes, and spans the handler starts
     * itself, are its children. Only the tracer provider is used: Herald always writes W3C Trace
     * Context, whatever propagators {@code openTelemetry} has.
     *
     * <p>Without it, an event still carries the caller's current span context, if there is one, or
     * else the trace context of the event being handled, so a service without tracing passes traces
     * on unbroken.
     */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = openTelemetry;
      return this;
    }

    /**
     * Whether the bus reports what its handlers do to the topic {@value OutcomeReport#TOPIC}, where
     * the gateway's dashboard reads it (who handles what, with rates; the outcome of each event in
     * a flow trace); default on. A report goes out every second while events are handled, and every
     * 10 seconds otherwise, from a thread of the bus's own; every event is counted, and at most
     * 1,000 outcomes a second are reported one by one (see {@link OutcomeReport}). Reporting never
     * holds back a handler: a report the transport does not take is dropped.
     */
    public Builder reportOutcomes(boolean report) {
      this.outcomeReports = report;
      return this;
    }

    /**
     * How often outcomes are reported and how many are reported one by one each time; default 1
     * second and 1,000.
     */
    public Builder reportOutcomes(Duration every, int budget) {
      requirePositive("the outcome report interval", every);
      if (budget < 0) {
        throw new HeraldException("the outcome report budget must be 0 or more, was " + budget);
      }
      this.outcomeReports = true;
      this.outcomeReportEvery = every;
      this.outcomeReportBudget = budget;
      return this;
    }

    /**
     * Builds the bus.
     *
     * @throws HeraldException if a setting is missing, invalid or conflicting
     */
    public EventBus build() {
      Names.check("service", service);
      if (group != null) {
        Names.check("consumer group", group);
      }
      String effectiveGroup = group != null ? group : service;
      if (effectiveGroup.length() + ".dlq-actions".length() > MAX_NAME) {
        throw new HeraldException(
            "consumer group "
                + effectiveGroup
                + " is too long for its dead-letter topics ("
                + DeadLetters.actionsTopic("")
                + " is added); use at most "
                + (MAX_NAME - ".dlq-actions".length())
                + " characters");
      }
      if (transport == null && transportUri == null) {
        throw new HeraldException(
            "service "
                + service
                + " has no transport; call transport(Transports.memory()) or"
                + " transport(\"log:./herald-data\")");
      }
      if (transport != null && transportUri != null) {
        throw new HeraldException(
            "service " + service + " was given both a transport and a transport URI; keep one");
      }
      requirePositive("redeliveryDelay", redeliveryDelay);
      requirePositive("shutdownTimeout", shutdownTimeout);
      if (maxQueuedPerPartition < 1) {
        throw new HeraldException(
            "maxQueuedPerPartition is " + maxQueuedPerPartition + "; it must be 1 or more");
      }
      if (types == null
          || codec == null
          || clock == null
          || startPosition == null
          || retry == null) {
        throw new HeraldException(
            "service " + service + ": types, codec, clock, startFrom and retry must not be null");
      }
      return new DefaultEventBus(this);
    }

    private void requirePositive(String setting, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new HeraldException(setting + " must be a positive duration, was " + value);
      }
    }
  }
}
