package dev.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ReceiptsTest {
  @Test
  void cpuAtCompletion_isTheCpuClockWhenTheLastEventArrived() throws Exception {
    AtomicLong cpu = new AtomicLong(1_000);
    Receipts receipts = new Receipts(3, cpu::get);

    receipts.received(0, System.nanoTime());
    cpu.set(2_000);
    receipts.received(2, System.nanoTime());
    receipts.received(2, System.nanoTime()); // a redelivery completes nothing
    cpu.set(3_000);
    receipts.received(1, System.nanoTime());
    cpu.set(9_000);
    receipts.awaitAll(Duration.ofSeconds(1), "test");

    assertThat(receipts.count()).isEqualTo(3);
    assertThat(receipts.cpuAtCompletion()).isEqualTo(3_000);
  }
}
