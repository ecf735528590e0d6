package dev.herald.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Stops calling out to a dependency that keeps failing. Give one to the handlers that call that
 * dependency ({@link HandlerOptions.Builder#circuitBreaker(CircuitBreaker)}); several handlers may
 * share one breaker.
 *
 * <p>{@link State#CLOSED Closed}, attempts run; after {@code failureThreshold} failed attempts in a
 * row it opens. {@link State#OPEN Open}, no attempt runs: the partitions whose handler uses it wait
 * (their events are neither retried nor dead-lettered meanwhile, and other partitions and handlers
 * keep flowing). After {@code openFor} it is {@link State#HALF_OPEN half open}: one attempt, the
 * probe, runs; if it succeeds the breaker closes, if it fails it opens again. Waiting for an open
 * breaker counts neither as an attempt nor towards {@link RetryPolicy#maxElapsed()}.
 *
 * <p>Every exception of a failed attempt counts, except {@link DecodeException} and the classes
 * given to {@link Builder#ignore}, which say nothing about the dependency. Thread-safe.
 */
public final class CircuitBreaker {
  /** Where the breaker stands. */
  public enum State {
    /** Attempts run; failures are counted. */
    CLOSED,
    /** No attempt runs until the open time has passed. */
    OPEN,
    /** One probe attempt runs; its outcome closes or opens the breaker. */
    HALF_OPEN
  }

  /** What {@link #tryAcquire()} grants: an attempt, which must be {@link #release released}. */
  record Permit(boolean probe) {}

  private final int failureThreshold;
  private final Duration openFor;
  private final Clock clock;
  private final Set<Class<? extends Throwable>> ignored;
  private State state = State.CLOSED;
  private int consecutiveFailures;
  private Instant openedAt = Instant.MIN;
  private boolean probeInFlight;

  private CircuitBreaker(Builder b) {
    this.failureThreshold = b.failureThreshold;
    this.openFor = b.openFor;
    this.clock = b.clock;
    this.ignored = Set.copyOf(b.ignored);
  }

  /** Starts a breaker that opens after 5 failures in a row for 30 s. */
  public static Builder builder() {
    return new Builder();
  }

  /** The state now; an open breaker whose open time has passed reports {@code HALF_OPEN}. */
  public synchronized State state() {
    if (state == State.OPEN && !clock.instant().isBefore(openedAt.plus(openFor))) {
      return State.HALF_OPEN;
    }
    return state;
  }

  /** Failed attempts in a row that open the breaker. */
  public int failureThreshold() {
    return failureThreshold;
  }

  /** How long the breaker stays open before it lets a probe through. */
  public Duration openFor() {
    return openFor;
  }

  /**
   * Asks to run an attempt: the permit, or empty with how long to wait before asking again, in
   * {@link #waitFor(Instant)}.
   */
  synchronized Optional<Permit> tryAcquire() {
    Instant now = clock.instant();
    if (state == State.OPEN && !now.isBefore(openedAt.plus(openFor))) {
      state = State.HALF_OPEN;
      probeInFlight = false;
    }
    return switch (state) {
      case CLOSED -> Optional.of(new Permit(false));
      case OPEN -> Optional.empty();
      case HALF_OPEN -> {
        if (probeInFlight) {
          yield Optional.empty();
        }
        probeInFlight = true;
        yield Optional.of(new Permit(true));
      }
    };
  }

  /**
   * How long a caller refused at {@code now} should wait before asking again: the rest of the open
   * time, or, while a probe runs, a short while (the probe's outcome decides).
   */
  synchronized Duration waitFor(Instant now) {
    if (state == State.OPEN) {
      Duration left = Duration.between(now, openedAt.plus(openFor));
      return left.isNegative() ? Duration.ZERO : left;
    }
    Duration probeWait = Duration.ofMillis(50);
    return openFor.compareTo(probeWait) < 0 ? openFor : probeWait;
  }

  /**
   * Records the outcome of a permitted attempt: {@code error} is empty on success. A probe that
   * ends without an outcome (the consumer stopped) passes {@code abandoned}, which lets the next
   * caller probe.
   */
  synchronized void release(Permit permit, Optional<Throwable> error, boolean abandoned) {
    if (permit.probe()) {
      probeInFlight = false;
    }
    if (abandoned || error.filter(this::isIgnored).isPresent()) {
      return;
    }
    if (error.isEmpty()) {
      if (permit.probe() || state == State.CLOSED) {
        state = State.CLOSED;
        consecutiveFailures = 0;
      }
      return;
    }
    if (permit.probe()) {
      open();
    } else if (state == State.CLOSED && ++consecutiveFailures >= failureThreshold) {
      open();
    }
  }

  private void open() {
    state = State.OPEN;
    openedAt = clock.instant();
    consecutiveFailures = 0;
  }

  private boolean isIgnored(Throwable error) {
    return RetryPolicy.matches(error, Set.of(DecodeException.class))
        || RetryPolicy.matches(error, ignored);
  }

  @Override
  public synchronized String toString() {
    return "CircuitBreaker["
        + state()
        + ", threshold="
        + failureThreshold
        + ", openFor="
        + openFor
        + "]";
  }

  /** Builds a {@link CircuitBreaker}. Not thread-safe. */
  public static final class Builder {
    private int failureThreshold = 5;
    private Duration openFor = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();
    private final Set<Class<? extends Throwable>> ignored = new LinkedHashSet<>();

    private Builder() {}

    /** Failed attempts in a row that open the breaker; defaults to 5. */
    public Builder failureThreshold(int failures) {
      this.failureThreshold = failures;
      return this;
    }

    /** How long it stays open before a probe; defaults to 30 s. */
    public Builder openFor(Duration openFor) {
      this.openFor = openFor;
      return this;
    }

    /** The clock that times the open state; defaults to the system clock. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /** Exceptions (and subclasses, also as causes) that do not count as failures. */
    @SafeVarargs
    public final Builder ignore(Class<? extends Throwable>... exceptions) {
      for (Class<? extends Throwable> exception : exceptions) {
        ignored.add(exception);
      }
      return this;
    }

    /**
     * Builds the breaker, closed.
     *
     * @throws HeraldException if a setting is invalid
     */
    public CircuitBreaker build() {
      if (failureThreshold < 1) {
        throw new HeraldException(
            "failureThreshold is " + failureThreshold + "; it must be 1 or more");
      }
      if (openFor == null || openFor.isNegative() || openFor.isZero()) {
        throw new HeraldException("openFor must be a positive duration, was " + openFor);
      }
      if (clock == null) {
        throw new HeraldException("clock must not be null; use Clock.systemUTC()");
      }
      return new CircuitBreaker(this);
    }
  }
}
