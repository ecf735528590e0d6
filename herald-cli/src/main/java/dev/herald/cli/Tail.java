package dev.herald.cli;

import dev.herald.core.Delivery;
import dev.herald.core.spi.Subscription;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The poll loop of {@code herald tail}: prints each delivery as a JSON line and, when asked to,
 * commits what it printed after each batch. Runs on one thread; {@link #stop()} may be called from
 * any thread.
 */
final class Tail {
  private static final Duration POLL = Duration.ofSeconds(1);

  private final PrintWriter out;
  private final boolean commit;
  private final Optional<Long> max;
  private final Optional<Duration> idleTimeout;
  private volatile boolean stopped;
  private volatile Subscription subscription;

  Tail(PrintWriter out, boolean commit, Optional<Long> max, Optional<Duration> idleTimeout) {
    this.out = out;
    this.commit = commit;
    this.max = max;
    this.idleTimeout = idleTimeout;
  }

  /** Polls {@code from} until stopped, {@code max} events were printed or it was idle too long. */
  long run(Subscription from) throws InterruptedException {
    this.subscription = from;
    long printed = 0;
    long lastArrival = System.nanoTime();
    while (!stopped && !reachedMax(printed)) {
      Duration wait = POLL;
      if (idleTimeout.isPresent()) {
        long left = lastArrival + idleTimeout.get().toNanos() - System.nanoTime();
        if (left <= 0) {
          break;
        }
        wait = Duration.ofNanos(Math.min(left, POLL.toNanos()));
      }
      List<Delivery> batch = from.poll(wait);
      if (batch.isEmpty()) {
        continue;
      }
      lastArrival = System.nanoTime();
      Map<Integer, Long> next = new HashMap<>();
      for (Delivery delivery : batch) {
        if (reachedMax(printed)) {
          break;
        }
        out.println(CloudEventJson.line(CloudEventJson.event(delivery)));
        next.put(delivery.partition(), delivery.offset() + 1);
        printed++;
      }
      if (out.checkError()) {
        // Whoever read the output went away (such as `| head`): stop without committing.
        break;
      }
      if (commit) {
        from.commit(next);
      }
    }
    out.flush();
    return printed;
  }

  /** Makes {@link #run} return after the batch it is printing. */
  void stop() {
    stopped = true;
    Subscription current = subscription;
    if (current != null) {
      current.wakeup();
    }
  }

  private boolean reachedMax(long printed) {
    return max.isPresent() && printed >= max.get();
  }
}
