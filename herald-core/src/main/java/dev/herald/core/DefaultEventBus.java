package dev.herald.core;

import dev.herald.core.spi.Transport;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The {@link EventBus} implementation: a publisher plus one consumer loop per topic. */
final class DefaultEventBus implements EventBus {
  private enum State {
    NEW,
    STARTED,
    CLOSED
  }

  private final EventBus.Builder settings;
  private final String group;
  private final Transport transport;
  private final boolean ownsTransport;
  private final Publisher publisher;
  private final Middleware chain;
  private final Map<String, Map<String, Route>> routesByTopic = new LinkedHashMap<>();
  private final Map<Class<?>, String> handledTypes = new HashMap<>();
  private final List<ConsumerLoop> loops = new ArrayList<>();
  private final Timeouts timeouts;
  private final Attempts attempts;
  private final BusMetrics metrics;
  private final BusTracing tracing;
  private final OutcomeReporter outcomes;
  private State state = State.NEW;

  DefaultEventBus(EventBus.Builder settings) {
    this.settings = settings;
    this.group = settings.group != null ? settings.group : settings.service;
    this.ownsTransport = settings.transport == null;
    this.transport = ownsTransport ? Transports.open(settings.transportUri) : settings.transport;
    this.metrics =
        BusMetrics.of(Optional.ofNullable(settings.meterRegistry), settings.service, group);
    this.tracing = BusTracing.of(Optional.ofNullable(settings.openTelemetry));
    this.publisher =
        new Publisher(
            settings.service,
            transport,
            settings.types,
            settings.codec,
            settings.clock,
            tracing,
            metrics);
    this.chain = Middleware.chain(settings.middleware);
    this.timeouts = new Timeouts(settings.service);
    this.attempts = new Attempts(settings.clock, timeouts);
    this.outcomes =
        settings.outcomeReports
            ? new OutcomeReporter(
                settings.service,
                group,
                transport,
                settings.clock,
                settings.outcomeReportEvery,
                settings.outcomeReportBudget)
            : OutcomeReporter.OFF;
  }

  @Override
  public String service() {
    return settings.service;
  }

  @Override
  public String group() {
    return group;
  }

  @Override
  public <E> EventBus on(Class<E> type, EventHandler<? super E> handler) {
    return on(type, handler, HandlerOptions.defaults());
  }

  @Override
  public DeadLetters deadLetters() {
    return new DefaultDeadLetters(transport, group, settings.clock);
  }

  @Override
  public synchronized <E> EventBus on(
      Class<E> type, EventHandler<? super E> handler, HandlerOptions options) {
    if (handler == null || options == null) {
      throw new HeraldException(
          "the handler and options for "
              + type
              + " must not be null; use HandlerOptions.defaults()");
    }
    if (state != State.NEW) {
      throw new HeraldException(
          "service "
              + service()
              + " is "
              + state.name().toLowerCase(java.util.Locale.ROOT)
              + "; register handlers before start()");
    }
    RegisteredType<E> registered = settings.types.of(type);
    if (handledTypes.containsKey(type)) {
      throw new HeraldException(
          "service "
              + service()
              + " already has a handler for "
              + registered.name()
              + "; one handler per event type and service (use another service for a second"
              + " reaction)");
    }
    handledTypes.put(type, registered.name());
    Handler inner = Route.invoking(registered, settings.codec, handler);
    routesByTopic
        .computeIfAbsent(registered.topic(), t -> new HashMap<>())
        .put(
            registered.name(),
            Route.of(
                registered,
                chain.wrap(inner),
                settings.retry,
                options,
                metrics.handler(registered.topic(), registered.name())));
    return this;
  }

  @Override
  public synchronized void start() {
    if (state != State.NEW) {
      throw new HeraldException(
          "service " + service() + " was started already; build a new bus to start again");
    }
    state = State.STARTED;
    outcomes.start(handles());
    Optional<ProcessedEvents> processed = processedEvents();
    routesByTopic.forEach(
        (topic, routes) -> {
          ConsumerLoop loop =
              new ConsumerLoop(
                  topic,
                  Map.copyOf(routes),
                  new ConsumerLoop.Settings(
                      settings.service,
                      group,
                      settings.startPosition,
                      settings.redeliveryDelay,
                      settings.shutdownTimeout,
                      settings.maxQueuedPerPartition,
                      settings.clock,
                      attempts,
                      metrics,
                      tracing,
                      outcomes,
                      processed),
                  transport,
                  publisher);
          loops.add(loop);
          loop.start();
        });
  }

  private List<OutcomeReport.Handles> handles() {
    List<OutcomeReport.Handles> handles = new ArrayList<>();
    routesByTopic.forEach(
        (topic, routes) ->
            routes.forEach(
                (type, route) ->
                    handles.add(new OutcomeReport.Handles(topic, type, route.name()))));
    return handles;
  }

  /** The record of handled ids, shared by the bus's loops, if any handler is idempotent. */
  private Optional<ProcessedEvents> processedEvents() {
    return routesByTopic.values().stream()
        .flatMap(routes -> routes.values().stream())
        .flatMap(route -> route.idempotencyWindow().stream())
        .max(java.util.Comparator.naturalOrder())
        .map(
            window ->
                new ProcessedEvents(transport, group, settings.service, settings.clock, window));
  }

  @Override
  public Position publish(Object event) {
    return publishAll(List.of(new Publisher.Outgoing(event, Optional.empty()))).get(0);
  }

  @Override
  public Position publish(Object event, String key) {
    if (key == null || key.isEmpty()) {
      throw new HeraldException(
          "the key of a "
              + event.getClass().getSimpleName()
              + " must not be empty; pass a key or call publish(event)");
    }
    return publishAll(List.of(new Publisher.Outgoing(event, Optional.of(key)))).get(0);
  }

  @Override
  public CompletableFuture<Position> publishAsync(Object event) {
    synchronized (this) {
      if (state == State.CLOSED) {
        throw new HeraldException("service " + service() + " is closed; build a new bus");
      }
    }
    return publisher.publishAsync(
        new Publisher.Outgoing(event, Optional.empty()), Optional.empty());
  }

  @Override
  public List<Position> publish(List<?> events) {
    List<Publisher.Outgoing> outgoing = new ArrayList<>(events.size());
    for (Object event : events) {
      outgoing.add(new Publisher.Outgoing(event, Optional.empty()));
    }
    return publishAll(outgoing);
  }

  private List<Position> publishAll(List<Publisher.Outgoing> events) {
    synchronized (this) {
      if (state == State.CLOSED) {
        throw new HeraldException("service " + service() + " is closed; build a new bus");
      }
    }
    return publisher.publish(events, Optional.empty());
  }

  @Override
  public void close() {
    synchronized (this) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
    }
    loops.forEach(ConsumerLoop::stop);
    loops.forEach(ConsumerLoop::awaitStopped);
    outcomes.close();
    timeouts.close();
    if (ownsTransport) {
      transport.close();
    }
  }
}
