package dev.herald.eventstore;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** A subscription listener that records what it is told, with bounded waits for tests. */
public final class RecordingListener implements SubscriptionListener {
  public static final Duration WAIT = Duration.ofSeconds(20);

  public final BlockingQueue<RecordedEvent> events = new LinkedBlockingQueue<>();
  final List<String> signals = new java.util.concurrent.CopyOnWriteArrayList<>();
  final CountDownLatch caughtUp = new CountDownLatch(1);
  final CountDownLatch stopped = new CountDownLatch(1);
  final AtomicReference<Throwable> stoppedWith = new AtomicReference<>();
  final AtomicInteger calls = new AtomicInteger();
  volatile RuntimeException failWith;

  @Override
  public void event(RecordedEvent event) {
    calls.incrementAndGet();
    RuntimeException failure = failWith;
    if (failure != null) {
      throw failure;
    }
    events.add(event);
  }

  @Override
  public void caughtUp() {
    signals.add("caught up");
    caughtUp.countDown();
  }

  @Override
  public void fellBehind() {
    signals.add("fell behind");
  }

  @Override
  public void stopped(Throwable error) {
    signals.add("stopped");
    stoppedWith.set(error);
    stopped.countDown();
  }

  /** The next {@code count} events, waiting at most {@link #WAIT} for all of them. */
  public List<RecordedEvent> take(int count) throws InterruptedException {
    List<RecordedEvent> taken = new ArrayList<>();
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (taken.size() < count) {
      RecordedEvent next = events.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
      assertThat(next)
          .as("event %d of %d within %s (got %s)", taken.size() + 1, count, WAIT, taken)
          .isNotNull();
      taken.add(next);
    }
    return taken;
  }

  public void awaitCaughtUp() throws InterruptedException {
    assertThat(caughtUp.await(WAIT.toMillis(), TimeUnit.MILLISECONDS))
        .as("caught up within %s", WAIT)
        .isTrue();
  }

  public void awaitStopped() throws InterruptedException {
    assertThat(stopped.await(WAIT.toMillis(), TimeUnit.MILLISECONDS))
        .as("stopped within %s", WAIT)
        .isTrue();
  }
}
