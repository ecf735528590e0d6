package dev.herald.saga;

import dev.herald.core.Codec;
import dev.herald.core.Envelope;
import dev.herald.core.EventTypes;
import dev.herald.eventstore.memory.InMemoryEventStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Given/when/then tests of a {@link Saga}, in memory and on a clock the test moves: no bus, no
 * disk, no waiting. Steps run through the same path as under a {@link SagaRunner} (state stored as
 * JSON and read back, published events encoded and decoded, deadlines stored with the instance), so
 * a state or an event that would not survive the runner fails here too.
 *
 * <pre>{@code
 * SagaFixture.of(fulfilment)
 *     .given(new OrderPlaced("o-1", "sku-1", 2, 1500), new StockReserved("o-1"))
 *     .when(new PaymentFailed("o-1", "card declined"))
 *     .thenPublished(new ReleaseStock("o-1", "sku-1", 2), new CancelOrder("o-1", "card declined"))
 *     .thenEnded();
 *
 * SagaFixture.of(fulfilment)
 *     .given(new OrderPlaced("o-1", "sku-1", 2, 1500))
 *     .when(new StockReserved("o-1"))
 *     .thenScheduled("payment", Duration.ofMinutes(15))
 *     .whenTimeElapses(Duration.ofMinutes(15))
 *     .thenPublished(new ReleaseStock("o-1", "sku-1", 2), new CancelOrder("o-1", "no payment"));
 * }</pre>
 *
 * <p>Each {@code when} is a phase; the {@code then} methods check the last phase and throw {@link
 * AssertionError} saying what was expected, what happened, and the history. What {@code given}
 * events publish is not checked. The clock starts at 2026-01-01T00:00:00Z. Not thread-safe.
 *
 * @param <S> the saga's state
 */
public final class SagaFixture<S> {
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  private static final int MAX_FIRINGS = 1_000;

  private record Stepped(String key, StepRecord step) {}

  private record Phase(
      String what, List<Stepped> steps, List<Outgoing> published, Throwable error) {}

  private final Saga<S> saga;
  private final ManualClock clock = new ManualClock(START);
  private final EventTypes types = new EventTypes();
  private final SagaStreams streams;
  private final SagaEngine<S> engine;
  private final List<Outgoing> sent = new ArrayList<>();
  private final Set<String> keys = new LinkedHashSet<>();
  private final List<String> history = new ArrayList<>();
  private Phase last;
  private Object lastEvent;
  private Envelope lastEnvelope;

  private SagaFixture(Saga<S> saga) {
    this.saga = saga;
    InMemoryEventStore store = new InMemoryEventStore(clock);
    this.streams = new SagaStreams(saga, store);
    this.engine =
        new SagaEngine<>(saga, store, clock, types, Codec.json(), saga.group(), sent::addAll);
  }

  /** A fixture for {@code saga}, with no instances yet. */
  public static <S> SagaFixture<S> of(Saga<S> saga) {
    return new SagaFixture<>(Objects.requireNonNull(saga, "saga"));
  }

  /** The history: {@code events} are handled in order; what they publish is not checked. */
  public SagaFixture<S> given(Object... events) {
    for (Object event : events) {
      Phase phase = handle(event, envelope(event));
      if (phase.error() != null) {
        throw failure("given " + event + " to be handled", "it threw " + phase.error(), phase);
      }
    }
    return this;
  }

  /** The event under test: handled now, the {@code then} methods check what it did. */
  public SagaFixture<S> when(Object event) {
    last = handle(Objects.requireNonNull(event, "event"), envelope(event));
    return this;
  }

  /**
   * The last {@code when} event delivered again with the same id, as at-least-once delivery may.
   */
  public SagaFixture<S> whenRedelivered() {
    if (lastEvent == null) {
      throw new IllegalStateException("whenRedelivered() needs a when(event) before it");
    }
    last = handle(lastEvent, lastEnvelope);
    return this;
  }

  /**
   * Moves the clock forward by {@code elapsed}, firing each deadline at its due time in order
   * (including deadlines those firings schedule, if they fall due in the same span).
   */
  public SagaFixture<S> whenTimeElapses(Duration elapsed) {
    Instant target = clock.instant().plus(elapsed);
    int before = sent.size();
    List<Stepped> steps = new ArrayList<>();
    Throwable error = null;
    try {
      for (int fired = 0; ; fired++) {
        Optional<SagaIndex.Due> next = nextDue(target);
        if (next.isEmpty()) {
          break;
        }
        if (fired == MAX_FIRINGS) {
          throw new AssertionError(
              "more than " + MAX_FIRINGS + " deadlines fired in " + elapsed + "; a deadline loop?");
        }
        SagaIndex.Due due = next.get();
        if (due.deadline().due().isAfter(clock.instant())) {
          clock.set(due.deadline().due());
        }
        engine
            .fire(due.key(), due.deadline().id())
            .ifPresent(step -> steps.add(new Stepped(due.key(), step)));
      }
      clock.set(target);
    } catch (Exception e) {
      error = e;
    }
    String what = "time elapses " + elapsed;
    last = new Phase(what, steps, List.copyOf(sent.subList(before, sent.size())), error);
    history.add(what);
    return this;
  }

  /** The last phase published exactly {@code expected}, in order (commands and events alike). */
  public SagaFixture<S> thenPublished(Object... expected) {
    List<Object> published = published(phase());
    if (!published.equals(Arrays.asList(expected))) {
      throw failure("published " + Arrays.asList(expected), "published " + published, last);
    }
    return this;
  }

  /** The last phase published nothing. */
  public SagaFixture<S> thenNothingPublished() {
    return thenPublished();
  }

  /** The last phase scheduled deadline {@code name} to pass {@code after} from its step. */
  public SagaFixture<S> thenScheduled(String name, Duration after) {
    Phase phase = phase();
    boolean found =
        phase.steps().stream()
            .anyMatch(
                s ->
                    s.step().scheduled().stream()
                        .anyMatch(
                            d ->
                                d.name().equals(name)
                                    && d.due().equals(s.step().at().plus(after))));
    if (!found) {
      throw failure(
          "deadline " + name + " scheduled in " + after, "scheduled " + scheduled(phase), last);
    }
    return this;
  }

  /** The last phase cancelled (or replaced) pending deadline {@code name}. */
  public SagaFixture<S> thenCancelled(String name) {
    Phase phase = phase();
    List<String> cancelled =
        phase.steps().stream()
            .flatMap(s -> s.step().cancelled().stream())
            .map(Deadline::name)
            .toList();
    if (!cancelled.contains(name)) {
      throw failure("deadline " + name + " cancelled", "cancelled " + cancelled, last);
    }
    return this;
  }

  /** The instance the last phase stepped has ended. */
  public SagaFixture<S> thenEnded() {
    Phase phase = phase();
    if (phase.steps().isEmpty() || !phase.steps().get(phase.steps().size() - 1).step().ended()) {
      throw failure("the instance to end", describe(phase), last);
    }
    return this;
  }

  /** The last phase changed nothing: the saga ignored it (no instance, ended, or a duplicate). */
  public SagaFixture<S> thenIgnored() {
    Phase phase = phase();
    if (!phase.steps().isEmpty()) {
      throw failure("the saga to ignore it", describe(phase), last);
    }
    return this;
  }

  /** The instance the last phase stepped has state {@code expected} (as stored and read back). */
  public SagaFixture<S> thenState(S expected) {
    Phase phase = phase();
    if (phase.steps().isEmpty()) {
      throw failure("state " + expected, "no step ran", last);
    }
    String key = phase.steps().get(phase.steps().size() - 1).key();
    S actual = engine.instance(key).orElseThrow().state();
    if (!Objects.equals(actual, expected)) {
      throw failure("state " + expected, "state " + actual, last);
    }
    return this;
  }

  /** The last phase's step threw a {@code type} whose message contains {@code messagePart}. */
  public SagaFixture<S> thenFailed(Class<? extends Throwable> type, String messagePart) {
    Throwable error = last == null ? null : last.error();
    if (error == null
        || !type.isInstance(error)
        || !String.valueOf(error.getMessage()).contains(messagePart)) {
      throw failure(
          type.getSimpleName() + " containing '" + messagePart + "'",
          error == null ? describe(phase()) : "it threw " + error,
          last);
    }
    return this;
  }

  /** Instance {@code key} as the fixture's store holds it now. */
  public Optional<SagaInstance<S>> instance(String key) {
    return engine.instance(key);
  }

  private Phase handle(Object event, Envelope envelope) {
    lastEvent = event;
    lastEnvelope = envelope;
    history.add(event.toString());
    int before = sent.size();
    List<Stepped> steps = new ArrayList<>();
    Throwable error = null;
    try {
      String key =
          saga.reaction(event.getClass())
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "saga "
                              + saga.name()
                              + " does not react to "
                              + event.getClass().getSimpleName()
                              + "; it reacts to "
                              + saga.eventTypes().stream().map(Class::getSimpleName).toList()))
              .keyOf(saga.name(), event);
      keys.add(key);
      engine.handle(event, envelope).ifPresent(step -> steps.add(new Stepped(key, step)));
    } catch (AssertionError e) {
      throw e;
    } catch (Exception e) {
      error = e;
    }
    return new Phase(
        event.toString(), steps, List.copyOf(sent.subList(before, sent.size())), error);
  }

  private Envelope envelope(Object event) {
    return Envelope.builder()
        .id(UUID.randomUUID().toString())
        .source("saga-fixture")
        .type(types.of(event.getClass()).name())
        .time(clock.instant())
        .data(Codec.json().encode(event))
        .build();
  }

  private Optional<SagaIndex.Due> nextDue(Instant until) {
    return keys.stream()
        .flatMap(
            key ->
                streams.load(key).pending().values().stream().map(d -> new SagaIndex.Due(key, d)))
        .filter(d -> !d.deadline().due().isAfter(until))
        .min(Comparator.comparing((SagaIndex.Due d) -> d.deadline().due()));
  }

  private List<Object> published(Phase phase) {
    if (phase.error() != null) {
      throw failure("the step to succeed", "it threw " + phase.error(), phase);
    }
    List<Object> events = new ArrayList<>();
    for (Outgoing outgoing : phase.published()) {
      Envelope envelope = outgoing.envelope();
      Class<?> type = types.named(envelope.type()).orElseThrow().javaType();
      events.add(Codec.json().decode(envelope, type));
    }
    return events;
  }

  private static List<String> scheduled(Phase phase) {
    return phase.steps().stream()
        .flatMap(
            s ->
                s.step().scheduled().stream()
                    .map(d -> d.name() + " in " + Duration.between(s.step().at(), d.due())))
        .toList();
  }

  private String describe(Phase phase) {
    if (phase.error() != null) {
      return "it threw " + phase.error();
    }
    if (phase.steps().isEmpty()) {
      return "the saga ignored it (no instance that accepts it, ended, or handled already)";
    }
    return phase.steps().stream()
        .map(
            s ->
                "instance "
                    + s.key()
                    + (s.step().ended() ? " ended" : " ran on")
                    + " (deadlines now "
                    + pendingOf(s.key())
                    + ")")
        .collect(Collectors.joining("; "));
  }

  private Set<String> pendingOf(String key) {
    return streams.load(key).pending().keySet();
  }

  private Phase phase() {
    if (last == null) {
      throw new IllegalStateException("call when(...) or whenTimeElapses(...) before then...()");
    }
    return last;
  }

  private AssertionError failure(String expected, String actual, Phase phase) {
    String when = phase == null ? "(nothing)" : phase.what();
    List<String> before = history.isEmpty() ? List.of() : history.subList(0, history.size() - 1);
    AssertionError error =
        new AssertionError(
            String.join(
                "\n",
                "saga " + saga.name() + ":",
                "expected " + expected,
                "but      " + actual,
                "given    " + before,
                "when     " + when));
    if (phase != null && phase.error() != null) {
      error.initCause(phase.error());
    }
    return error;
  }

  @Override
  public String toString() {
    return "SagaFixture[" + saga.name() + ", instances " + keys + ", history " + history + "]";
  }
}
