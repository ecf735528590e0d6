package dev.herald.core;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * How a failing handler is tried again before its event goes to the dead letters: exponential
 * backoff with jitter, bounded by a number of attempts and by the time spent. Immutable and
 * thread-safe; set it for a whole service with {@link EventBus.Builder#retry(RetryPolicy)} or for
 * one handler with {@link HandlerOptions.Builder#retry(RetryPolicy)}.
 *
 * <p>The defaults ({@link #defaults()}): 5 attempts, a first delay of 100 ms doubling up to 10 s,
 * {@link Jitter#FULL full jitter}, at most 1 minute from the first attempt, every exception
 * retryable. An event that exhausts them, or fails with an exception that is not retryable, is
 * dead-lettered; a {@link DecodeException} is never retried.
 *
 * <p>While an event waits for its next attempt, only its partition waits: the delay runs on the
 * partition's own thread, the consumer keeps fetching and committing the other partitions.
 *
 * @param maxAttempts attempts in all, the first included; 1 means no retry
 * @param initialDelay the delay after the first failure, before jitter
 * @param multiplier how much each delay grows over the one before, 1 or more
 * @param maxDelay the largest delay, before jitter
 * @param jitter how each delay is randomized
 * @param maxElapsed no attempt starts after this much time since the first one (time spent waiting
 *     for an open circuit breaker is not counted)
 * @param retryOn exceptions worth trying again; empty means all except {@code noRetryOn}
 * @param noRetryOn exceptions that dead-letter the event at once; they win over {@code retryOn}
 */
public record RetryPolicy(
    int maxAttempts,
    Duration initialDelay,
    double multiplier,
    Duration maxDelay,
    Jitter jitter,
    Duration maxElapsed,
    Set<Class<? extends Throwable>> retryOn,
    Set<Class<? extends Throwable>> noRetryOn) {

  private static final RetryPolicy DEFAULTS = builder().build();

  /** How a delay is randomized, so that many consumers failing at once do not retry in lockstep. */
  public enum Jitter {
    /** The delay as computed: {@code d}. */
    NONE,
    /** Uniformly between 0 and {@code d}: spreads retries most (AWS's "full jitter"). */
    FULL,
    /** Half fixed, half random: between {@code d/2} and {@code d}. */
    EQUAL
  }

  /**
   * Checks every setting.
   *
   * @throws HeraldException if a setting is invalid or an exception class is both retryable and not
   *     retryable
   */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new HeraldException("maxAttempts is " + maxAttempts + "; it must be 1 or more");
    }
    requirePositive("initialDelay", initialDelay);
    requirePositive("maxDelay", maxDelay);
    requirePositive("maxElapsed", maxElapsed);
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new HeraldException("multiplier is " + multiplier + "; it must be 1 or more");
    }
    if (maxDelay.compareTo(initialDelay) < 0) {
      throw new HeraldException(
          "maxDelay "
              + maxDelay
              + " is shorter than initialDelay "
              + initialDelay
              + "; raise maxDelay or lower initialDelay");
    }
    if (jitter == null || retryOn == null || noRetryOn == null) {
      throw new HeraldException("jitter, retryOn and noRetryOn must not be null");
    }
    retryOn = Set.copyOf(retryOn);
    noRetryOn = Set.copyOf(noRetryOn);
    for (Class<? extends Throwable> both : retryOn) {
      if (noRetryOn.contains(both)) {
        throw new HeraldException(
            both.getName() + " is in both retryOn and noRetryOn; keep it in one of them");
      }
    }
  }

  /** The defaults: 5 attempts, 100 ms doubling up to 10 s, full jitter, at most 1 minute. */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** No retry: the first failure dead-letters the event. */
  public static RetryPolicy none() {
    return builder().maxAttempts(1).build();
  }

  /** Starts from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this policy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.maxAttempts = maxAttempts;
    b.initialDelay = initialDelay;
    b.multiplier = multiplier;
    b.maxDelay = maxDelay;
    b.jitter = jitter;
    b.maxElapsed = maxElapsed;
    b.retryOn.addAll(retryOn);
    b.noRetryOn.addAll(noRetryOn);
    return b;
  }

  /**
   * The delay before the next attempt after {@code failedAttempts} attempts failed: {@code
   * initialDelay × multiplier^(failedAttempts-1)}, capped at {@code maxDelay}, then jittered with
   * {@code random}. A pure function of its arguments: the same seed gives the same delays.
   *
   * @param failedAttempts attempts that failed so far, 1 or more
   */
  public Duration delay(int failedAttempts, RandomGenerator random) {
    if (failedAttempts < 1) {
      throw new IllegalArgumentException("failedAttempts is " + failedAttempts + ", not 1 or more");
    }
    double nanos = (double) initialDelay.toNanos() * Math.pow(multiplier, failedAttempts - 1.0);
    long base = (long) Math.min(nanos, (double) maxDelay.toNanos());
    long jittered =
        switch (jitter) {
          case NONE -> base;
          case FULL -> random.nextLong(base + 1);
          case EQUAL -> base / 2 + random.nextLong(base - base / 2 + 1);
        };
    return Duration.ofNanos(jittered);
  }

  /**
   * Whether {@code error} is worth another attempt. An exception matches a class when it, or one of
   * its causes, is an instance of it. A {@link DecodeException} is never retryable: the same bytes
   * will not decode any better.
   */
  public boolean isRetryable(Throwable error) {
    if (matches(error, Set.of(DecodeException.class)) || matches(error, noRetryOn)) {
      return false;
    }
    return retryOn.isEmpty() || matches(error, retryOn);
  }

  static boolean matches(Throwable error, Set<Class<? extends Throwable>> classes) {
    int depth = 0;
    for (Throwable t = error; t != null && depth < 32; t = t.getCause(), depth++) {
      for (Class<? extends Throwable> c : classes) {
        if (c.isInstance(t)) {
          return true;
        }
      }
    }
    return false;
  }

  private static void requirePositive(String setting, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new HeraldException(setting + " must be a positive duration, was " + value);
    }
  }

  /** Builds a {@link RetryPolicy}, starting from the defaults. Not thread-safe. */
  public static final class Builder {
    private int maxAttempts = 5;
    private Duration initialDelay = Duration.ofMillis(100);
    private double multiplier = 2.0;
    private Duration maxDelay = Duration.ofSeconds(10);
    private Jitter jitter = Jitter.FULL;
    private Duration maxElapsed = Duration.ofMinutes(1);
    private final Set<Class<? extends Throwable>> retryOn = new LinkedHashSet<>();
    private final Set<Class<? extends Throwable>> noRetryOn = new LinkedHashSet<>();

    private Builder() {}

    /** Attempts in all, the first included; defaults to 5. */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /** The delay after the first failure; defaults to 100 ms. */
    public Builder initialDelay(Duration initialDelay) {
      this.initialDelay = initialDelay;
      return this;
    }

    /** How much each delay grows; defaults to 2. */
    public Builder multiplier(double multiplier) {
      this.multiplier = multiplier;
      return this;
    }

    /** The largest delay; defaults to 10 s. */
    public Builder maxDelay(Duration maxDelay) {
      this.maxDelay = maxDelay;
      return this;
    }

    /** How delays are randomized; defaults to {@link Jitter#FULL}. */
    public Builder jitter(Jitter jitter) {
      this.jitter = jitter;
      return this;
    }

    /** Time after which no attempt starts, from the first one; defaults to 1 minute. */
    public Builder maxElapsed(Duration maxElapsed) {
      this.maxElapsed = maxElapsed;
      return this;
    }

    /** Retries only these exceptions (and their subclasses, also as causes). */
    @SafeVarargs
    public final Builder retryOn(Class<? extends Throwable>... exceptions) {
      for (Class<? extends Throwable> exception : exceptions) {
        retryOn.add(exception);
      }
      return this;
    }

    /** Dead-letters these exceptions (and their subclasses, also as causes) at once. */
    @SafeVarargs
    public final Builder noRetryOn(Class<? extends Throwable>... exceptions) {
      for (Class<? extends Throwable> exception : exceptions) {
        noRetryOn.add(exception);
      }
      return this;
    }

    /**
     * Builds the policy.
     *
     * @throws HeraldException if a setting is invalid or conflicts with another
     */
    public RetryPolicy build() {
      return new RetryPolicy(
          maxAttempts, initialDelay, multiplier, maxDelay, jitter, maxElapsed, retryOn, noRetryOn);
    }
  }
}
