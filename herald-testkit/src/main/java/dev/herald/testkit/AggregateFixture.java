package dev.herald.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Given/when/then tests of an event-sourced entity's decisions, with no store: the given events are
 * folded into a state, the command decides on it, and the events it returns (or what it throws) are
 * compared with what the test expects.
 *
 * <pre>{@code
 * Orders orders = new Orders();   // an Aggregate<Order, OrderEvent>
 * AggregateFixture<Order, OrderEvent> fixture = AggregateFixture.of(orders.initial(), orders::apply);
 *
 * fixture.given(new OrderPlaced("o-1", 500))
 *     .when(order -> order.pay(500))
 *     .then(new OrderPaid("o-1", 500));
 *
 * fixture.given(new OrderPlaced("o-1", 500), new OrderPaid("o-1", 500))
 *     .when(order -> order.pay(500))
 *     .thenError(OrderAlreadyPaid.class, "already paid");
 * }</pre>
 *
 * @param <S> the state
 * @param <E> the events
 */
public final class AggregateFixture<S, E> {
  private final S initial;
  private final BiFunction<S, E, S> apply;

  private AggregateFixture(S initial, BiFunction<S, E, S> apply) {
    this.initial = initial;
    this.apply = apply;
  }

  /**
   * A fixture for an entity with state {@code initial} before any event, folded by {@code apply}
   * (an {@code Aggregate}'s {@code initial()} and {@code apply}).
   */
  public static <S, E> AggregateFixture<S, E> of(S initial, BiFunction<S, E, S> apply) {
    return new AggregateFixture<>(Objects.requireNonNull(initial), Objects.requireNonNull(apply));
  }

  /** The entity's history: the state is what these events, in order, make of the initial one. */
  @SafeVarargs
  @SuppressWarnings("varargs") // the array is only read
  public final Given given(E... history) {
    return new Given(List.of(history));
  }

  /** The entity's history as a list. */
  public Given given(List<? extends E> history) {
    return new Given(List.copyOf(history));
  }

  /** The history of a test; {@link #when} runs a command on the state it makes. */
  public final class Given {
    private final List<E> history;

    private Given(List<E> history) {
      this.history = history;
    }

    /** The state the history makes. */
    public S state() {
      S state = initial;
      for (E event : history) {
        state = apply.apply(state, event);
      }
      return state;
    }

    /** Runs {@code command} (the same lambda an {@code AggregateRepository} takes) on the state. */
    public Outcome when(Function<S, ? extends List<? extends E>> command) {
      S state = state();
      try {
        List<? extends E> decided = command.apply(state);
        return new Outcome(history, state, List.copyOf(decided), null);
      } catch (RuntimeException e) {
        return new Outcome(history, state, List.of(), e);
      }
    }
  }

  /** What a command decided; the {@code then} methods check it and throw {@link AssertionError}. */
  public final class Outcome {
    private final List<E> history;
    private final S before;
    private final List<E> decided;
    private final RuntimeException error;

    private Outcome(List<E> history, S before, List<E> decided, RuntimeException error) {
      this.history = history;
      this.before = before;
      this.decided = decided;
      this.error = error;
    }

    /** The command returned exactly {@code expected}, in order (none: it decided nothing). */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read
    public final Outcome then(E... expected) {
      return then(Arrays.asList(expected));
    }

    /** The command returned exactly {@code expected}, in order. */
    public Outcome then(List<? extends E> expected) {
      if (error != null) {
        throw failure("events " + expected, "it threw " + error, error);
      }
      if (!decided.equals(expected)) {
        throw failure("events " + expected, "events " + decided, null);
      }
      return this;
    }

    /** The state after the history and the decided events equals {@code expected}. */
    public Outcome thenState(S expected) {
      then(decided);
      S after = before;
      for (E event : decided) {
        after = apply.apply(after, event);
      }
      if (!Objects.equals(after, expected)) {
        throw failure("state " + expected, "state " + after, null);
      }
      return this;
    }

    /**
     * The command refused with a {@code type} whose message contains {@code messagePart}, and
     * decided nothing.
     */
    public void thenError(Class<? extends RuntimeException> type, String messagePart) {
      if (error == null) {
        throw failure(
            type.getSimpleName() + " containing '" + messagePart + "'", "events " + decided, null);
      }
      String message = String.valueOf(error.getMessage());
      if (!type.isInstance(error) || !message.contains(messagePart)) {
        throw failure(
            type.getSimpleName() + " containing '" + messagePart + "'", "it threw " + error, error);
      }
    }

    private AssertionError failure(String expected, String actual, Throwable cause) {
      List<String> lines = new ArrayList<>();
      lines.add("given " + history);
      lines.add("state " + before);
      lines.add("expected " + expected);
      lines.add("but " + actual);
      AssertionError failure = new AssertionError(String.join("\n", lines));
      if (cause != null) {
        failure.initCause(cause);
      }
      return failure;
    }
  }
}
