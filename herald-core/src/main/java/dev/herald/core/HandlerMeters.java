package dev.herald.core;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The meters of one handler ({@link Route}): attempts that succeeded and failed, retries, and how
 * long each attempt took. {@link #OFF} records nothing and reads no clock. Thread-safe.
 */
final class HandlerMeters {
  /** Records nothing. */
  static final HandlerMeters OFF = new HandlerMeters(null, null, null, null, null);

  private final boolean on;
  private final Counter handled;
  private final Counter failed;
  private final Counter retried;
  private final Timer succeededTime;
  private final Timer failedTime;

  private HandlerMeters(
      Counter handled, Counter failed, Counter retried, Timer succeededTime, Timer failedTime) {
    this.on = handled != null;
    this.handled = handled;
    this.failed = failed;
    this.retried = retried;
    this.succeededTime = succeededTime;
    this.failedTime = failedTime;
  }

  static HandlerMeters register(
      MeterRegistry registry, String service, String group, String topic, String type) {
    Tags tags = Tags.of("service", service, "group", group, "topic", topic, "type", type);
    return new HandlerMeters(
        Counter.builder(BusMetrics.HANDLED)
            .description("Events whose handler succeeded")
            .tags(tags)
            .register(registry),
        Counter.builder(BusMetrics.FAILED)
            .description("Handler attempts that failed, each attempt counted")
            .tags(tags)
            .register(registry),
        Counter.builder(BusMetrics.RETRIED)
            .description("Failed attempts that are tried again after a backoff")
            .tags(tags)
            .register(registry),
        timer(registry, tags, "success"),
        timer(registry, tags, "failure"));
  }

  private static Timer timer(MeterRegistry registry, Tags tags, String outcome) {
    return Timer.builder(BusMetrics.HANDLER_DURATION)
        .description("How long one handler attempt took, middleware included")
        .tags(tags)
        .tag("outcome", outcome)
        .publishPercentileHistogram()
        .register(registry);
  }

  /** The start of an attempt, to pass to {@link #attempt}; 0 when off. */
  long start() {
    return on ? System.nanoTime() : 0;
  }

  /** Records an attempt begun at {@code start} that succeeded or failed. */
  void attempt(long start, boolean succeeded) {
    if (!on) {
      return;
    }
    long took = System.nanoTime() - start;
    if (succeeded) {
      handled.increment();
      succeededTime.record(took, TimeUnit.NANOSECONDS);
    } else {
      failed.increment();
      failedTime.record(took, TimeUnit.NANOSECONDS);
    }
  }

  /** Counts a failed attempt that will be tried again. */
  void retried() {
    if (on) {
      retried.increment();
    }
  }
}
