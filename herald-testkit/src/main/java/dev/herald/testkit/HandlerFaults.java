package dev.herald.testkit;

import dev.herald.core.Codec;
import dev.herald.core.Envelope;
import dev.herald.core.EventBus;
import dev.herald.core.EventHandler;
import dev.herald.core.EventTypes;
import dev.herald.core.HandlerOptions;
import dev.herald.core.HeraldException;
import dev.herald.core.Middleware;
import dev.herald.core.Position;
import dev.herald.core.Transports;
import dev.herald.core.spi.ForwardingTransport;
import dev.herald.core.spi.Names;
import dev.herald.core.spi.Transport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs your handler under the faults of real delivery, duplicates, redeliveries, delays, reordering
 * across keys and crashes between the side effect and the commit, and checks that its effects come
 * out the same as after one clean delivery of each event.
 *
 * <pre>{@code
 * FaultReport report =
 *     HandlerFaults.forHandler(OrderPlaced.class, new ChargeCard(gateway))
 *         .events(new OrderPlaced("o-1", "ann", 1200), new OrderPlaced("o-2", "bob", 800))
 *         .effects(() -> gateway.chargesByOrder())   // any value with a meaningful equals
 *         .reset(gateway::clear)                     // back to an empty world before each run
 *         .seed(42)
 *         .run();
 * report.assertEffectsEqualCleanDelivery();
 * }</pre>
 *
 * <p>First a clean run delivers each event once, in the given order, and its {@link
 * #effects(Supplier) effects} become the expectation (it runs twice, to make sure the effects do
 * not change from run to run by themselves). Then, for each {@link Fault} and each of {@link
 * #runs(int)} runs, the world is {@link #reset(Runnable) reset}, the events are stored in a fresh
 * memory transport and a real {@link EventBus} with your handler delivers them with that fault
 * injected; the run's effects are compared with the expectation. Every run delivers the same
 * envelopes (same ids and times), keyed as their {@code @EventType} says, to the one topic they
 * share. A run also fails if an event is dead-lettered or is still not handled after {@link
 * #timeout(Duration)}.
 *
 * <p>Runs are deterministic: run {@code i} of every fault uses seed {@code seed + i}, which decides
 * everything it injects, and all faults but {@link Fault#DELAYS} (which runs keys in parallel, as
 * production does) deliver on one partition, so the same seed makes the same handler calls in the
 * same order. A failing run is replayed on its own with {@code .faults(itsFault).seed(itsSeed)
 * .runs(1)}, which the report prints. Runs wait for every planned handler call, never for a fixed
 * time; a typical run takes a few milliseconds.
 *
 * <p>Where state lives matters for {@link Fault#CRASH_AFTER_EFFECT}: what the effects read (your
 * database) survives a crash, while handlers {@link #forService registered} per process are built
 * anew. A handler object given to {@link #forHandler(Class, EventHandler)} is shared by every
 * process, so state it keeps in fields survives crashes here although it would not in production.
 * Events a handler publishes through its {@link dev.herald.core.EventContext} are stored as usual;
 * a run does not wait for them to be handled.
 *
 * <p>Settings are checked by {@link #run()}. Not thread-safe; {@link #run()} may be called again.
 */
public final class HandlerFaults {
  /** The CloudEvents source of the events the harness delivers. */
  static final String SOURCE = "herald-faults";

  private final Consumer<? super EventBus> registration;
  private List<?> events = List.of();
  private Supplier<?> effects;
  private Runnable reset;
  private Set<Fault> faults = EnumSet.allOf(Fault.class);
  private int runs = 20;
  private long seed = 1;
  private String service = "handler";
  private final List<Middleware> middleware = new ArrayList<>();
  private EventTypes types;
  private Codec codec = Codec.json();
  private Duration maxDelay = Duration.ofMillis(5);
  private Duration timeout = Duration.ofSeconds(10);

  private HandlerFaults(Consumer<? super EventBus> registration) {
    this.registration = Objects.requireNonNull(registration, "registration");
  }

  /**
   * Tests {@code handler}, one object shared by every run and process, for events of {@code type}.
   */
  public static <E> HandlerFaults forHandler(Class<E> type, EventHandler<? super E> handler) {
    return forService(bus -> bus.on(type, handler));
  }

  /** Tests {@code handler} run with {@code options} (retry policy, timeout, ordered mode...). */
  public static <E> HandlerFaults forHandler(
      Class<E> type, EventHandler<? super E> handler, HandlerOptions options) {
    return forService(bus -> bus.on(type, handler, options));
  }

  /**
   * Tests the handlers that {@code registration} registers, as your service's wiring does: it is
   * called on each new bus (each clean run, each fault run, and again after each simulated crash)
   * and should only call {@link EventBus#on}. Use it for several event types on one topic, or to
   * build the handler anew per process: {@code forService(bus -> bus.on(OrderPlaced.class, new
   * ChargeCard(gateway)))}.
   */
  public static HandlerFaults forService(Consumer<? super EventBus> registration) {
    return new HandlerFaults(registration);
  }

  /** The events to deliver, in clean order; they must all go to one topic. */
  public HandlerFaults events(List<?> events) {
    for (int i = 0; i < events.size(); i++) {
      if (events.get(i) == null) {
        throw new HeraldException("event " + i + " is null; give event records only");
      }
    }
    this.events = List.copyOf(events);
    return this;
  }

  /** The events to deliver, in clean order; they must all go to one topic. */
  public HandlerFaults events(Object... events) {
    return events(Arrays.asList(events));
  }

  /**
   * How to observe the handler's side effects once a run is over: a fresh value (not a live view)
   * whose {@code equals} says whether two runs had the same effects, such as a sorted list, a map
   * or a record. Leave out what legitimately varies (times, generated ids) and, unless the order
   * across keys matters to you, the order across keys. Required.
   */
  public HandlerFaults effects(Supplier<?> effects) {
    this.effects = effects;
    return this;
  }

  /** Brings the world back to empty; called before every run. Required. */
  public HandlerFaults reset(Runnable reset) {
    this.reset = reset;
    return this;
  }

  /** The faults to try, each in runs of its own; defaults to all of them. */
  public HandlerFaults faults(Fault... faults) {
    this.faults =
        faults.length == 0 ? EnumSet.noneOf(Fault.class) : EnumSet.copyOf(List.of(faults));
    return this;
  }

  /** How many runs per fault, each with its own seed; defaults to 20. */
  public HandlerFaults runs(int runs) {
    this.runs = runs;
    return this;
  }

  /** The seed of the first run; run {@code i} uses {@code seed + i}. Defaults to 1. */
  public HandlerFaults seed(long seed) {
    this.seed = seed;
    return this;
  }

  /** The service (and consumer group) the handlers run in; defaults to {@code handler}. */
  public HandlerFaults service(String service) {
    this.service = service;
    return this;
  }

  /**
   * Adds a middleware to every bus, as {@link EventBus.Builder#use} does; the first is outermost.
   */
  public HandlerFaults use(Middleware middleware) {
    this.middleware.add(Objects.requireNonNull(middleware, "middleware"));
    return this;
  }

  /** The event type registry; defaults to a new one that registers annotated records. */
  public HandlerFaults types(EventTypes types) {
    this.types = types;
    return this;
  }

  /** The codec; defaults to {@link Codec#json()}. */
  public HandlerFaults codec(Codec codec) {
    this.codec = codec;
    return this;
  }

  /** The longest pause {@link Fault#DELAYS} makes before a handler call; defaults to 5 ms. */
  public HandlerFaults maxDelay(Duration maxDelay) {
    this.maxDelay = maxDelay;
    return this;
  }

  /** How long one run may take before it counts as failed; defaults to 10 s. */
  public HandlerFaults timeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  /**
   * Runs the clean delivery, then every run of every fault, and reports how each went. Blocks until
   * all runs are over.
   *
   * @throws HeraldException if a setting is missing or invalid, or the events cannot be delivered
   *     as given (several topics, no event of a handled type)
   * @throws AssertionError if the clean delivery itself fails (an event is dead-lettered or not
   *     handled in time) or its effects differ between two clean runs
   */
  public FaultReport run() {
    check();
    EventTypes registry = types != null ? types : new EventTypes();
    Encoded encoded = encode(registry);
    Set<String> handledTypes = handledTypes(registry);
    List<Boolean> handled = new ArrayList<>();
    encoded.envelopes().forEach(e -> handled.add(handledTypes.contains(e.type())));
    if (!handled.contains(true)) {
      throw new HeraldException(
          "none of the "
              + events.size()
              + " events has a type the handlers take ("
              + handledTypes
              + "); give events(...) events of those types");
    }
    FaultPlan.Events planned = new FaultPlan.Events(encoded.envelopes(), List.copyOf(handled));
    Setup setup =
        new Setup(
            service,
            registration,
            registry,
            codec,
            List.copyOf(middleware),
            encoded.topic(),
            planned,
            effects,
            reset,
            timeout);
    Object expected = cleanEffects(setup);
    List<FaultReport.Run> results = new ArrayList<>();
    for (Fault fault : faults) {
      for (int i = 0; i < runs; i++) {
        FaultPlan plan = FaultPlan.of(fault, seed + i, planned, maxDelay);
        FaultRunner.Outcome outcome = FaultRunner.execute(setup, plan);
        results.add(
            new FaultReport.Run(
                fault,
                i,
                seed + i,
                plan.injected,
                outcome.effects(),
                expected.equals(outcome.effects()),
                outcome.problems()));
      }
    }
    return new FaultReport(seed, runs, events.size(), expected, results);
  }

  /** What every run needs. */
  record Setup(
      String service,
      Consumer<? super EventBus> registration,
      EventTypes types,
      Codec codec,
      List<Middleware> middleware,
      String topic,
      FaultPlan.Events events,
      Supplier<?> effects,
      Runnable reset,
      Duration timeout) {}

  private record Encoded(String topic, List<Envelope> envelopes) {}

  private Object cleanEffects(Setup setup) {
    FaultPlan clean = FaultPlan.clean(setup.events());
    FaultRunner.Outcome first = FaultRunner.execute(setup, clean);
    if (!first.problems().isEmpty()) {
      throw new AssertionError(
          "the clean delivery (each event once, in order) already fails, so there is nothing to"
              + " compare the faults with; fix the handler first: "
              + String.join("; ", first.problems()));
    }
    FaultRunner.Outcome second = FaultRunner.execute(setup, clean);
    if (!second.problems().isEmpty() || !first.effects().equals(second.effects())) {
      throw new AssertionError(
          "two clean deliveries of the same events gave different effects, so effects() must"
              + " observe something that varies by itself (times, random ids, iteration order of a"
              + " hash set, state that reset() leaves behind); leave it out of effects().\n"
              + "  first:  "
              + first.effects()
              + "\n  second: "
              + second.effects()
              + (second.problems().isEmpty() ? "" : "\n  " + String.join("; ", second.problems())));
    }
    return first.effects();
  }

  /** The events as the bus would publish them, captured once so every run delivers the same. */
  private Encoded encode(EventTypes registry) {
    List<String> topics = new ArrayList<>();
    List<Envelope> envelopes = new ArrayList<>();
    Transport capture =
        new ForwardingTransport(Transports.memory(1)) {
          @Override
          public CompletableFuture<List<Position>> append(String topic, List<Envelope> batch) {
            topics.add(topic);
            envelopes.addAll(batch);
            return delegate.append(topic, batch);
          }
        };
    try (EventBus publisher =
        EventBus.builder(SOURCE).transport(capture).types(registry).codec(codec).build()) {
      publisher.publish(events);
    } finally {
      capture.close();
    }
    if (topics.size() != 1) {
      throw new HeraldException(
          "HandlerFaults delivers the events of one topic, but these go to "
              + topics
              + "; test the handlers of each topic on their own");
    }
    return new Encoded(topics.get(0), List.copyOf(envelopes));
  }

  /** The type names the registration registers, from a bus that is never started. */
  private Set<String> handledTypes(EventTypes registry) {
    Set<String> names = new LinkedHashSet<>();
    Transport scratch = Transports.memory(1);
    try (EventBus dry =
        EventBus.builder(service).transport(scratch).types(registry).codec(codec).build()) {
      RegisteringBus registering = new RegisteringBus(dry);
      registration.accept(registering);
      registering.handled().forEach(type -> names.add(registry.of(type).name()));
    } finally {
      scratch.close();
    }
    if (names.isEmpty()) {
      throw new HeraldException(
          "the registration of HandlerFaults.forService registered no handler; call bus.on(...)");
    }
    return names;
  }

  private void check() {
    if (events.isEmpty()) {
      throw new HeraldException("HandlerFaults has no events; give some with events(...)");
    }
    if (effects == null) {
      throw new HeraldException(
          "HandlerFaults needs effects(...): a supplier of a value that shows the handler's side"
              + " effects, such as () -> List.copyOf(ledger.entries())");
    }
    if (reset == null) {
      throw new HeraldException(
          "HandlerFaults needs reset(...): what brings the world back to empty between runs, such"
              + " as ledger::clear (use () -> {} if nothing needs resetting)");
    }
    if (faults.isEmpty() || runs < 1) {
      throw new HeraldException(
          "HandlerFaults has "
              + faults.size()
              + " faults and "
              + runs
              + " runs per fault; give at least one of each");
    }
    Names.check("service", service);
    if (codec == null || maxDelay == null || maxDelay.isNegative()) {
      throw new HeraldException("codec and maxDelay must be set, and maxDelay not negative");
    }
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new HeraldException("timeout must be a positive duration, was " + timeout);
    }
  }
}
