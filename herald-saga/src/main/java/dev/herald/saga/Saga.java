package dev.herald.saga;

import dev.herald.core.HeraldException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A saga (process manager): a long-running process across services, driven by their events, with
 * compensation and deadlines. One instance runs per key (such as an order id); each event the saga
 * reacts to finds its instance by a key taken from the event, and a step turns the instance's state
 * and the event into a new state and effects.
 *
 * <pre>{@code
 * Saga<Fulfilment> saga = Saga.builder("fulfilment", Fulfilment.class, Fulfilment.NEW)
 *     .startedBy(OrderPlaced.class, OrderPlaced::orderId, (state, placed, context) -> {
 *       context.publish(new ReserveStock(placed.orderId(), placed.sku(), placed.quantity()));
 *       return state.placed(placed);
 *     })
 *     .on(StockReserved.class, StockReserved::orderId, (state, reserved, context) -> {
 *       context.publish(new ChargePayment(reserved.orderId(), state.cents()));
 *       context.schedule("payment", Duration.ofMinutes(15));
 *       return state;
 *     })
 *     .onDeadline("payment", (state, context) -> {
 *       context.publish(new CancelOrder(context.key(), "no payment in time"));
 *       context.end();
 *       return state;
 *     })
 *     .build();
 * }</pre>
 *
 * <p>Run it with {@link SagaRunner}, test it with {@link SagaFixture}. An event for a key with no
 * instance starts one only if its type was registered with {@link Builder#startedBy}; otherwise it
 * is ignored, as is every event for an instance that has ended. Immutable and thread-safe.
 *
 * @param <S> the state of an instance: an immutable value, stored as JSON (a record)
 */
public final class Saga<S> {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._]{1,100}");

  private final String name;
  private final Class<S> stateType;
  private final S initial;
  private final Map<Class<?>, Reaction<S, ?>> reactions;
  private final Map<String, DeadlineStep<S>> deadlines;

  private Saga(Builder<S> b) {
    this.name = b.name;
    this.stateType = b.stateType;
    this.initial = b.initial;
    this.reactions = Map.copyOf(b.reactions);
    this.deadlines = Map.copyOf(b.deadlines);
  }

  /**
   * Starts defining saga {@code name} (letters, digits, '.' and '_'; it names its streams and its
   * consumer group), whose instances hold a {@code stateType} that starts as {@code initial}.
   */
  public static <S> Builder<S> builder(String name, Class<S> stateType, S initial) {
    return new Builder<>(name, stateType, initial);
  }

  /** The saga's name. */
  public String name() {
    return name;
  }

  /** The class of its state. */
  public Class<S> stateType() {
    return stateType;
  }

  /** The state of an instance before its first step. */
  public S initial() {
    return initial;
  }

  /** The event types it reacts to. */
  public Set<Class<?>> eventTypes() {
    return reactions.keySet();
  }

  /** The consumer group its runners handle events in: {@code saga.<name>}. */
  public String group() {
    return "saga." + name;
  }

  /** The event store category of its instances' streams: {@code saga.<name>}. */
  public String category() {
    return "saga." + name;
  }

  /** The event store stream of the instance with {@code key}: {@code saga.<name>-<key>}. */
  public String stream(String key) {
    return category() + "-" + key;
  }

  Optional<Reaction<S, ?>> reaction(Class<?> type) {
    return Optional.ofNullable(reactions.get(type));
  }

  Optional<DeadlineStep<S>> deadline(String deadline) {
    return Optional.ofNullable(deadlines.get(deadline));
  }

  @Override
  public String toString() {
    return "Saga[" + name + ", reacts to " + reactions.size() + " event types]";
  }

  /**
   * Defines a {@link Saga}. Each event type gets one reaction; {@link #build()} checks the whole.
   * Not thread-safe.
   *
   * @param <S> the state
   */
  public static final class Builder<S> {
    private final String name;
    private final Class<S> stateType;
    private final S initial;
    private final Map<Class<?>, Reaction<S, ?>> reactions = new LinkedHashMap<>();
    private final Map<String, DeadlineStep<S>> deadlines = new LinkedHashMap<>();

    private Builder(String name, Class<S> stateType, S initial) {
      this.name = name;
      this.stateType = stateType;
      this.initial = initial;
    }

    /**
     * Reacts to {@code type}, which may start an instance: an event whose {@code key} has no
     * instance yet starts one from the initial state.
     */
    public <E> Builder<S> startedBy(
        Class<E> type, Function<? super E, String> key, SagaStep<S, ? super E> step) {
      return add(new Reaction<>(type, key, true, step));
    }

    /** Reacts to {@code type} for instances that exist; an event with no instance is ignored. */
    public <E> Builder<S> on(
        Class<E> type, Function<? super E, String> key, SagaStep<S, ? super E> step) {
      return add(new Reaction<>(type, key, false, step));
    }

    /** Runs {@code step} when deadline {@code name} of an instance passes. */
    public Builder<S> onDeadline(String name, DeadlineStep<S> step) {
      Objects.requireNonNull(step, "step");
      if (name == null || name.isBlank() || name.length() > 100) {
        throw new HeraldException(
            "a deadline name is 1 to 100 characters, such as payment; was '" + name + "'");
      }
      if (deadlines.putIfAbsent(name, step) != null) {
        throw new HeraldException(
            "saga " + this.name + " has two handlers for deadline " + name + "; keep one");
      }
      return this;
    }

    private Builder<S> add(Reaction<S, ?> reaction) {
      Objects.requireNonNull(reaction.type(), "type");
      Objects.requireNonNull(reaction.key(), "key");
      Objects.requireNonNull(reaction.step(), "step");
      if (reactions.putIfAbsent(reaction.type(), reaction) != null) {
        throw new HeraldException(
            "saga "
                + name
                + " reacts to "
                + reaction.type().getSimpleName()
                + " twice; one step per event type, which may branch on the state");
      }
      return this;
    }

    /**
     * Builds the saga.
     *
     * @throws HeraldException if the name is invalid, the state is missing, or no event type can
     *     start an instance
     */
    public Saga<S> build() {
      if (name == null || !NAME.matcher(name).matches()) {
        throw new HeraldException(
            "saga name '"
                + name
                + "' is invalid; use 1 to 100 letters, digits, '.' or '_' (no '-': the name is"
                + " the category of the saga's streams, which ends at the first '-')");
      }
      if (stateType == null || initial == null) {
        throw new HeraldException(
            "saga " + name + " needs a state type and an initial state, such as a record's EMPTY");
      }
      if (!stateType.isInstance(initial)) {
        throw new HeraldException(
            "saga " + name + ": the initial state " + initial + " is not a " + stateType.getName());
      }
      if (reactions.values().stream().noneMatch(Reaction::starts)) {
        throw new HeraldException(
            "saga "
                + name
                + " has no event that starts an instance; register one with startedBy(...)");
      }
      return new Saga<>(this);
    }
  }
}
