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
 */
public record HandlerOptions(
    Optional<String> name,
    Optional<RetryPolicy> retry,
    Optional<Duration> timeout,
    Optional<CircuitBreaker> circuitBreaker,
    boolean ordered) {

  private static final HandlerOptions DEFAULTS = builder().build();

  /**
   * Checks the settings.
   *
   * @throws HeraldException if one is null, the name is empty or the timeout is not positive
   */
  public HandlerOptions {
    if (name == null || retry == null || timeout == null || circuitBreaker == null) {
      throw new HeraldException("handler options must not be null; use Optional.empty()");
    }
    if (name.isPresent() && name.get().isBlank()) {
      throw new HeraldException("a handler name must not be blank; leave it out for the default");
    }
    if (timeout.isPresent() && (timeout.get().isNegative() || timeout.get().isZero())) {
      throw new HeraldException("a handler timeout must be positive, was " + timeout.get());
    }
  }

  /** No name, the service's retry policy, no timeout, no breaker, not ordered. */
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
          ordered);
    }
  }
}
