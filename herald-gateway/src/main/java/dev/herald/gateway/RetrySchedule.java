package dev.herald.gateway;

import dev.herald.core.HeraldException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When a webhook message that failed is tried again: after attempt {@code n} fails, the next waits
 * the {@code n}-th delay, stretched or shrunk at random by up to {@code jitter} of itself so that
 * many endpoints failing together do not retry in step; after the last delay it is given up.
 *
 * @param delays the waits after the first, second, ... failed attempt
 * @param jitter the largest share of a delay added or taken at random, 0 to 1
 * @param random numbers in [0, 1) that pick the jitter
 */
record RetrySchedule(List<Duration> delays, double jitter, DoubleSupplier random) {
  /** 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, with ±20% jitter: eight attempts in about 28 h. */
  static final RetrySchedule STANDARD =
      new RetrySchedule(
          List.of(
              Duration.ofSeconds(5),
              Duration.ofMinutes(5),
              Duration.ofMinutes(30),
              Duration.ofHours(2),
              Duration.ofHours(5),
              Duration.ofHours(10),
              Duration.ofHours(10)),
          0.2,
          () -> ThreadLocalRandom.current().nextDouble());

  RetrySchedule {
    delays = List.copyOf(delays);
    if (delays.stream().anyMatch(delay -> delay.isNegative())) {
      throw new HeraldException("retry delays must not be negative: " + delays);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new HeraldException("retry jitter must be 0 to 1, was " + jitter);
    }
  }

  /** A schedule of {@code delays} without jitter. */
  static RetrySchedule of(Duration... delays) {
    return new RetrySchedule(List.of(delays), 0, () -> 0.5);
  }

  /** How long to wait after attempt {@code attempt} (1 for the first) failed; empty to give up. */
  Optional<Duration> after(int attempt) {
    if (attempt < 1 || attempt > delays.size()) {
      return Optional.empty();
    }
    Duration delay = delays.get(attempt - 1);
    double factor = 1 + jitter * (2 * random.getAsDouble() - 1);
    return Optional.of(Duration.ofNanos(Math.round(delay.toNanos() * factor)));
  }
}
