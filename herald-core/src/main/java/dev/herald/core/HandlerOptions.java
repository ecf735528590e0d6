package dev.herald.core;

import java.time.Duration;
import java.util.Optional;

/**
 * How one handler is run: its name in dead letters, its retry policy, a time limit per attempt, a
 * circuit breaker and ordered mode. Pass it to {@link EventBus#on(Class, EventHandler,
 * HandlerOptions)}:
 *
 * <pre>{@code
 * bus.on(OrderPaid.class, chargeCard,
 *     HandlerOptions.builder()
 *         .name("charge-card")
 *         .retry(RetryPolicy.builder().maxAttempts(8).noRetryOn(CardDeclined.class).build())
 *         .timeout(Duration.ofSeconds(5))
 *         .circuitBreaker(paymentGateway)
 *         .ordered()
 *         .build());
 * }</pre>
 *
 * <p>An attempt runs inside the breaker, then the timeout, then the bus's middleware (in {@link
 * EventBus.Builder#use} order), then the handler. Immutable.
 *
 * @param name the handler's name in dead letters ({@code dlqhandler}); empty for the name of the
 *     event type it handles
 * @param retry its retry policy; empty for the service's ({@link EventBus.Builder#retry})
 * @param timeout how long one attempt may run; when it passes the handler's thread is interrupted
 *     and the attempt fails with {@link HandlerTimeoutException} (retryable unless the policy says
 *     otherwise). A handler that ignores interrupts still fails the attempt when it returns late.
 * @param circuitBreaker the breaker around its attempts, if any
 * @param ordered ordered mode: once an event with a key is dead-lettered, the key's later events
 *     for ordered handlers of the topic are parked behind it in the dead letters, until the key's
 *     sequence is replayed or purged (see {@link DeadLetters}); events without a key are never
 *     parked
 * @param idempotencyWindow for an idempotent handler, how long its group remembers each event id it
 *     handled: within the window the handler never runs again for that id in its group, across
 *     restarts and instances; empty for a handler that is not idempotent. See {@link
 *     Builder#idempotent()}.
 */
public record HandlerOptions(
    Optional<String> name,
    Optional<RetryPolicy> retry,
    Optional<Duration> timeout,
    Optional<CircuitBreaker> circuitBreaker,
    boolean ordered,
    Optional<Duration> idempotencyWindow) {

  /** How long an idempotent handler's group remembers an event id unless told otherwise. */
  public static final Duration DEFAULT_IDEMPOTENCY_WINDOW = Duration.ofDays(1);

  private static final HandlerOptions DEFAULTS = builder().build();

  /**
   * Checks the settings.
   *
   * @throws HeraldException if one is null, the name is empty or the timeout is not positive
   */
  public HandlerOptions {
    if (name == null
        || retry == null
        || timeout == null
        || circuitBreaker == null
        || idempotencyWindow == null) {
      throw new HeraldException("handler options must not be null; use Optional.empty()");
    }
    if (name.isPresent() && name.get().isBlank()) {
      throw new HeraldException("a handler name must not be blank; leave it out for the default");
    }
    if (timeout.isPresent() && (timeout.get().isNegative() || timeout.get().isZero())) {
      throw new HeraldException("a handler timeout must be positive, was " + timeout.get());
    }
    if (idempotencyWindow.isPresent()
        && (idempotencyWindow.get().isNegative() || idempotencyWindow.get().isZero())) {
      throw new HeraldException(
          "an idempotency window must be positive, was "
              + idempotencyWindow.get()
              + "; leave it out for "
              + DEFAULT_IDEMPOTENCY_WINDOW);
    }
  }

  /** Whether the handler is idempotent: it never runs twice for one event id in its group. */
  public boolean idempotent() {
    return idempotencyWindow.isPresent();
  }

  /** No name, the service's retry policy, no timeout, no breaker, not ordered, not idempotent. */
  public static HandlerOptions defaults() {
    return DEFAULTS;
  }

  /** Starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** Builds {@link HandlerOptions}. Not thread-safe. */
  public static final class Builder {
    private String name;
    private RetryPolicy retry;
    private Duration timeout;
    private CircuitBreaker circuitBreaker;
    private boolean ordered;
    private Duration idempotencyWindow;

    private Builder() {}

    /** The handler's name in dead letters. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The retry policy of this handler, instead of the service's. */
    public Builder retry(RetryPolicy retry) {
      this.retry = retry;
      return this;
    }

    /** How long one attempt may run. */
    public Builder timeout(Duration timeout) {
      this.timeout = timeout;
      return this;
    }

    /** The breaker around this handler's attempts. */
    public Builder circuitBreaker(CircuitBreaker circuitBreaker) {
      this.circuitBreaker = circuitBreaker;
      return this;
    }

    /** Ordered mode on. */
    public Builder ordered() {
      return ordered(true);
    }

    /** Ordered mode on or off; defaults to off. */
    public Builder ordered(boolean ordered) {
      this.ordered = ordered;
      return this;
    }

    /**
     * Makes the handler idempotent by event id, remembering ids for {@link
     * #DEFAULT_IDEMPOTENCY_WINDOW}: see {@link #idempotent(Duration)}.
     */
    public Builder idempotent() {
      return idempotent(DEFAULT_IDEMPOTENCY_WINDOW);
    }

    /**
     * Makes the handler idempotent by event id: once it has handled an event, the group records the
     * event id durably on the transport (topic {@code <group>.processed}) before it commits, and
     * skips a later delivery of the same id to this handler (a redelivery after a crash, a
     * duplicate publish, a replay) for {@code window}. A crash after the handler's side effect but
     * before the record is stored still runs it again: keep the side effect itself idempotent, or
     * in the same transaction as your own record of it, where that matters.
     */
    public Builder idempotent(Duration window) {
      if (window == null) {
        throw new HeraldException("the idempotency window must not be null; use idempotent()");
      }
      this.idempotencyWindow = window;
      return this;
    }

    /**
     * Builds the options.
     *
     * @throws HeraldException if a setting is invalid
     */
    public HandlerOptions build() {
      return new HandlerOptions(
          Optional.ofNullable(name),
          Optional.ofNullable(retry),
          Optional.ofNullable(timeout),
          Optional.ofNullable(circuitBreaker),
          ordered,
          Optional.ofNullable(idempotencyWindow));
    }
  }
}
