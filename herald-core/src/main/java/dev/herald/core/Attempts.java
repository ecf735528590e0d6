package dev.herald.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a handler on one event until it succeeds or its retry policy gives up: each attempt passes
 * the circuit breaker (waiting while it is open), runs under the timeout, and after a failure the
 * partition's thread waits for the backoff. Waits end early when the partition is taken away
 * ({@link PartitionWorker.Stopped}); the event is then not committed and comes back. Each attempt
 * is timed and counted ({@link HandlerMeters}), and a failed one recorded on the event's span and,
 * when it will be tried again, on its {@link OutcomeTrail}.
 */
final class Attempts {
  private static final Logger LOG = LoggerFactory.getLogger(Attempts.class);

  private final Clock clock;
  private final Timeouts timeouts;

  Attempts(Clock clock, Timeouts timeouts) {
    this.clock = clock;
    this.timeouts = timeouts;
  }

  /** Runs one attempt of the handler; {@link #run} calls it once per attempt. */
  interface Call {
    void run() throws Exception;
  }

  /**
   * Tries {@code call} per {@code route}'s policy; empty when an attempt succeeded, else why the
   * event should be dead-lettered.
   *
   * @throws PartitionWorker.Stopped if the worker stopped meanwhile
   */
  Optional<DeadLetterWire.Death> run(
      Route route,
      Delivery delivery,
      PartitionWorker worker,
      ProcessSpan span,
      OutcomeTrail trail,
      Call call) {
    RetryPolicy policy = route.retry();
    Instant first = clock.instant();
    Duration breakerWaits = Duration.ZERO;
    for (int attempt = 1; ; attempt++) {
      Optional<CircuitBreaker.Permit> permit = Optional.empty();
      if (route.breaker().isPresent()) {
        CircuitBreaker breaker = route.breaker().get();
        permit = breaker.tryAcquire();
        while (permit.isEmpty()) {
          Instant before = clock.instant();
          Duration wait = breaker.waitFor(before);
          LOG.debug("{}: circuit breaker is open; partition waits {}", route.name(), wait);
          pause(worker, wait);
          breakerWaits = breakerWaits.plus(Duration.between(before, clock.instant()));
          permit = breaker.tryAcquire();
        }
      }
      long started = route.meters().start();
      Throwable error = attempt(route, call);
      route.meters().attempt(started, error == null);
      if (error != null) {
        span.attemptFailed(attempt, error);
      }
      if (error != null && worker.isStopping()) {
        permit.ifPresent(p -> route.breaker().get().release(p, Optional.of(error), true));
        throw new PartitionWorker.Stopped();
      }
      for (CircuitBreaker.Permit p : permit.stream().toList()) {
        route.breaker().get().release(p, Optional.ofNullable(error), false);
      }
      if (error == null) {
        return Optional.empty();
      }
      String described = DeadLetterWire.describe(error);
      if (RetryPolicy.matches(error, java.util.Set.of(DecodeException.class))) {
        // the handler never ran on it
        return death(DeadLetterReason.UNDECODABLE, described, 0, route, error);
      }
      if (!policy.isRetryable(error)) {
        return death(DeadLetterReason.NOT_RETRYABLE, described, attempt, route, error);
      }
      if (attempt >= policy.maxAttempts()) {
        return death(
            DeadLetterReason.RETRIES_EXHAUSTED,
            "gave up after " + attempt + " attempts: " + described,
            attempt,
            route,
            error);
      }
      Duration delay = policy.delay(attempt, ThreadLocalRandom.current());
      Duration elapsed = Duration.between(first, clock.instant()).minus(breakerWaits);
      if (elapsed.plus(delay).compareTo(policy.maxElapsed()) > 0) {
        return death(
            DeadLetterReason.RETRIES_EXHAUSTED,
            "gave up after "
                + attempt
                + " attempts in "
                + elapsed
                + " (maxElapsed "
                + policy.maxElapsed()
                + "): "
                + described,
            attempt,
            route,
            error);
      }
      LOG.warn(
          "{}: attempt {} of {} at event {} ({}) at {} failed, next in {} ms: {}",
          route.name(),
          attempt,
          policy.maxAttempts(),
          delivery.envelope().id(),
          delivery.envelope().type(),
          delivery.position(),
          delay.toMillis(),
          described);
      route.meters().retried();
      trail.retrying(attempt, described);
      pause(worker, delay);
    }
  }

  private Throwable attempt(Route route, Call call) {
    try {
      if (route.timeout().isPresent()) {
        timeouts.run(route.name(), route.timeout().get(), call::run);
      } else {
        call.run();
      }
      return null;
    } catch (VirtualMachineError fatal) {
      throw fatal;
    } catch (Exception | Error e) {
      return e;
    }
  }

  private static void pause(PartitionWorker worker, Duration delay) {
    if (!worker.awaitUnlessStopping(delay)) {
      throw new PartitionWorker.Stopped();
    }
  }

  private static Optional<DeadLetterWire.Death> death(
      DeadLetterReason reason, String error, int attempts, Route route, Throwable cause) {
    return Optional.of(
        new DeadLetterWire.Death(
            reason, error, attempts, route.name(), Optional.empty(), Optional.of(cause)));
  }
}
