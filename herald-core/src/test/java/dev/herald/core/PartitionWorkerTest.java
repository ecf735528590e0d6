package dev.herald.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PartitionWorkerTest {
  private static List<Delivery> deliveries(int count) {
    List<Delivery> deliveries = new ArrayList<>();
    for (int offset = 0; offset < count; offset++) {
      Envelope envelope =
          Envelope.builder().id("e-" + offset).source("test").type("test.happened").build();
      deliveries.add(new Delivery(envelope, "topic", 0, offset));
    }
    return deliveries;
  }

  @Test
  void drainedCallback_runsOnceWhenTheQueueFallsToTheMark() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch drained = new CountDownLatch(1);
    AtomicInteger drainedCalls = new AtomicInteger();
    AtomicInteger queuedWhenDrained = new AtomicInteger(-1);
    CountDownLatch allHandled = new CountDownLatch(10);
    PartitionWorker[] self = new PartitionWorker[1];
    PartitionWorker worker =
        new PartitionWorker(
            "test-worker",
            0,
            delivery -> {
              assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
              allHandled.countDown();
            },
            (delivery, error) -> {},
            () -> {
              drainedCalls.incrementAndGet();
              queuedWhenDrained.set(self[0].queued());
              drained.countDown();
            });
    self[0] = worker;
    try {
      worker.dispatch(deliveries(10));
      worker.wakeWhenQueuedAtMost(4);
      assertThat(drainedCalls).as("nothing has drained while the handler is blocked").hasValue(0);

      release.countDown();

      assertThat(drained.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(allHandled.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(queuedWhenDrained.get()).isLessThanOrEqualTo(4);
      assertThat(drainedCalls).as("one wake-up per request").hasValue(1);
    } finally {
      release.countDown();
      worker.stop(Duration.ofSeconds(5));
    }
  }

  @Test
  void drainedCallback_runsAtOnceWhenTheQueueIsAlreadyLow() {
    AtomicInteger drainedCalls = new AtomicInteger();
    PartitionWorker worker =
        new PartitionWorker(
            "test-worker",
            0,
            delivery -> {},
            (delivery, error) -> {},
            drainedCalls::incrementAndGet);
    try {
      worker.wakeWhenQueuedAtMost(4);
      assertThat(drainedCalls).hasValue(1);
    } finally {
      worker.stop(Duration.ofSeconds(5));
    }
  }
}
