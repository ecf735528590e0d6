package dev.herald.eventstore;

import dev.herald.core.Codec;
import dev.herald.core.EventTypes;
import dev.herald.core.HeraldException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Loads event-sourced entities by replaying their streams, and records what commands decide:
 *
 * <pre>{@code
 * AggregateRepository<Order, OrderEvent> orders =
 *     AggregateRepository.builder(store, new Orders()).snapshotEvery(100).build();
 * orders.handle("o-17", order -> order.pay(amount));   // load, decide, append
 * Order order = orders.load("o-17").state();
 * }</pre>
 *
 * <p>{@link #handle} appends with the version it loaded, so two writers never both decide on the
 * same state: the one that comes second loads again and decides again (up to {@link
 * #MAX_CONFLICT_RETRIES} times). With snapshots on, the state is also saved every N events (in
 * stream {@code snapshot.<stream>}), and loading starts from the latest snapshot. Thread-safe.
 *
 * @param <S> the state
 * @param <E> the events
 */
public final class AggregateRepository<S, E> {
  /** How often {@link #handle} decides again after losing a race with another writer. */
  public static final int MAX_CONFLICT_RETRIES = 5;

  private static final int PAGE = 500;

  /**
   * An entity's state and the version of its stream it reflects.
   *
   * @param state the state after every event up to {@code version}
   * @param version the stream's version; -1 for an entity with no events
   */
  public record Loaded<S>(S state, long version) {}

  private final EventStore store;
  private final Aggregate<S, E> aggregate;
  private final Class<E> eventType;
  private final TypedEvents typed;
  private final Snapshots<S> snapshots;

  private AggregateRepository(Builder<S, E> b) {
    this.store = b.store;
    this.aggregate = b.aggregate;
    this.eventType = b.eventType;
    registerSubtypes(b.types, b.eventType);
    this.typed = new TypedEvents(b.types, b.codec, b.upcasters);
    this.snapshots = new Snapshots<>(store, b.codec, b.snapshotEvery);
  }

  /** Registers the records of a sealed event interface, so that a fresh process can read them. */
  private static void registerSubtypes(EventTypes types, Class<?> type) {
    if (type.isRecord()) {
      types.of(type);
    } else if (type.isSealed()) {
      for (Class<?> permitted : type.getPermittedSubclasses()) {
        registerSubtypes(types, permitted);
      }
    }
  }

  /**
   * Starts a repository of {@code aggregate}'s entities in {@code store}; {@code eventType} is the
   * common type of its events (the sealed interface).
   */
  public static <S, E> Builder<S, E> builder(
      EventStore store, Aggregate<S, E> aggregate, Class<E> eventType) {
    return new Builder<>(store, aggregate, eventType);
  }

  /** The current state of entity {@code id}. */
  public Loaded<S> load(String id) {
    String stream = aggregate.stream(id);
    Loaded<S> loaded =
        snapshots.latest(stream, aggregate).orElse(new Loaded<>(aggregate.initial(), -1));
    S state = loaded.state();
    long version = loaded.version();
    while (true) {
      List<RecordedEvent> page = store.read(stream, version + 1, Direction.FORWARDS, PAGE);
      for (RecordedEvent stored : page) {
        state = aggregate.apply(state, event(stored));
        version = stored.version();
      }
      if (page.size() < PAGE) {
        return new Loaded<>(state, version);
      }
    }
  }

  /**
   * Runs {@code command} on entity {@code id}'s current state and appends the events it returns.
   *
   * @return the events appended (empty if the command decided nothing)
   * @throws RuntimeException what the command threw to refuse; nothing is appended then
   * @throws HeraldException if other writers kept winning after {@value #MAX_CONFLICT_RETRIES}
   *     retries
   */
  public List<E> handle(String id, Command<S, E> command) {
    return handle(id, command, Map.of());
  }

  /** {@link #handle(String, Command)}, with {@code metadata} (such as a correlation id). */
  public List<E> handle(String id, Command<S, E> command, Map<String, String> metadata) {
    for (int attempt = 0; ; attempt++) {
      Loaded<S> loaded = load(id);
      List<E> decided = List.copyOf(command.decide(loaded.state()));
      if (decided.isEmpty()) {
        return decided;
      }
      List<NewEvent> events = new ArrayList<>(decided.size());
      for (E event : decided) {
        events.add(typed.encode(event, metadata));
      }
      ExpectedVersion expected =
          loaded.version() < 0
              ? ExpectedVersion.noStream()
              : ExpectedVersion.exactly(loaded.version());
      try {
        AppendResult result = store.append(aggregate.stream(id), expected, events);
        snapshots.maybeSave(aggregate, id, loaded, decided, result.nextExpectedVersion());
        return decided;
      } catch (WrongExpectedVersionException e) {
        if (attempt >= MAX_CONFLICT_RETRIES) {
          throw new HeraldException(
              "entity "
                  + aggregate.stream(id)
                  + " kept changing under the command: other writers won "
                  + (attempt + 1)
                  + " times in a row; try again later",
              e);
        }
      }
    }
  }

  private E event(RecordedEvent stored) {
    Object decoded = typed.decode(stored);
    if (!eventType.isInstance(decoded)) {
      throw new HeraldException(
          "event "
              + stored.id()
              + " in "
              + stored.stream()
              + " is a "
              + decoded.getClass().getSimpleName()
              + ", not a "
              + eventType.getSimpleName());
    }
    return eventType.cast(decoded);
  }

  /**
   * Builds an {@link AggregateRepository}. Not thread-safe.
   *
   * @param <S> the state
   * @param <E> the events
   */
  public static final class Builder<S, E> {
    private final EventStore store;
    private final Aggregate<S, E> aggregate;
    private final Class<E> eventType;
    private EventTypes types = new EventTypes();
    private Codec codec = Codec.json();
    private final List<Upcaster> upcasters = new ArrayList<>();
    private int snapshotEvery;

    private Builder(EventStore store, Aggregate<S, E> aggregate, Class<E> eventType) {
      this.store = store;
      this.aggregate = aggregate;
      this.eventType = eventType;
    }

    /** The event types (defaults to types registered from their {@code @EventType}). */
    public Builder<S, E> types(EventTypes types) {
      this.types = types;
      return this;
    }

    /** The codec of event data and snapshots (defaults to JSON). */
    public Builder<S, E> codec(Codec codec) {
      this.codec = codec;
      return this;
    }

    /** Adds a step that upgrades an old schema version of an event type on read. */
    public Builder<S, E> upcaster(Upcaster upcaster) {
      upcasters.add(upcaster);
      return this;
    }

    /** Saves a snapshot of the state every {@code events} events; 0 (the default) never. */
    public Builder<S, E> snapshotEvery(int events) {
      if (events < 0) {
        throw new HeraldException("snapshotEvery is 0 (never) or more, was " + events);
      }
      this.snapshotEvery = events;
      return this;
    }

    /** Builds the repository. */
    public AggregateRepository<S, E> build() {
      if (store == null || aggregate == null || eventType == null) {
        throw new HeraldException(
            "an aggregate repository needs a store, an aggregate and its event type");
      }
      return new AggregateRepository<>(this);
    }
  }
}
