package dev.herald.eventstore.log;

import dev.herald.core.Delivery;
import dev.herald.core.Envelope;
import dev.herald.core.Position;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.CommittedOffsets;
import dev.herald.core.spi.Features;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.log.LogTransport;
import dev.herald.log.RecoveryReport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A log transport that, while holding, takes appends without writing them and gives the test their
 * futures to fail: the log failing appends it had taken, as after a disk error.
 */
final class HoldingTransport implements LogTransport {
  private final LogTransport log;
  final BlockingQueue<CompletableFuture<List<Position>>> held = new LinkedBlockingQueue<>();
  volatile boolean holding;

  HoldingTransport(LogTransport log) {
    this.log = log;
  }

  @Override
  public CompletableFuture<List<Position>> append(String topic, List<Envelope> envelopes) {
    if (!holding) {
      return log.append(topic, envelopes);
    }
    CompletableFuture<List<Position>> future = new CompletableFuture<>();
    held.add(future);
    return future;
  }

  @Override
  public Features features() {
    return log.features();
  }

  @Override
  public int partitions(String topic) {
    return log.partitions(topic);
  }

  @Override
  public Optional<Map<Integer, Long>> endOffsets(String topic) {
    return log.endOffsets(topic);
  }

  @Override
  public Optional<Set<String>> topics() {
    return log.topics();
  }

  @Override
  public Optional<List<CommittedOffsets>> committedOffsets() {
    return log.committedOffsets();
  }

  @Override
  public Subscription subscribe(
      String topic, String group, StartPosition start, RebalanceListener listener) {
    return log.subscribe(topic, group, start, listener);
  }

  @Override
  public Path directory() {
    return log.directory();
  }

  @Override
  public RecoveryReport recoveryReport() {
    return log.recoveryReport();
  }

  @Override
  public long offsetForTime(String topic, int partition, Instant time) {
    return log.offsetForTime(topic, partition, time);
  }

  @Override
  public long startOffset(String topic, int partition) {
    return log.startOffset(topic, partition);
  }

  @Override
  public long endOffset(String topic, int partition) {
    return log.endOffset(topic, partition);
  }

  @Override
  public List<Delivery> read(String topic, int partition, long offset, int maxEvents) {
    return log.read(topic, partition, offset, maxEvents);
  }

  @Override
  public void close() {
    log.close();
  }
}
