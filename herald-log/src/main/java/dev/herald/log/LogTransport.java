package dev.herald.log;

import dev.herald.core.Delivery;
import dev.herald.core.spi.Transport;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The embedded durable log: topics as partitioned, segmented files in one directory that one
 * process owns at a time. Open it with {@link LogTransports} or {@code Transports.open("log:DIR")}.
 *
 * <p>Appends are acknowledged per the {@link Durability} mode; consumers see an event only once it
 * is acknowledged. Thread-safe.
 */
public interface LogTransport extends Transport {
  /** The directory this transport owns. */
  Path directory();

  /** What recovery repaired when this transport opened its directory. */
  RecoveryReport recoveryReport();

  /**
   * The first offset of {@code partition} of {@code topic} whose event was appended at or after
   * {@code time}, or {@link #endOffset} if there is none; for replaying from a point in time.
   */
  long offsetForTime(String topic, int partition, Instant time);

  /** The oldest offset of the partition still kept (retention deletes older ones). */
  long startOffset(String topic, int partition);

  /** The offset after the last event of the partition that consumers may read. */
  long endOffset(String topic, int partition);

  /**
   * Up to {@code maxEvents} events of {@code partition} of {@code topic}, from {@code offset} on in
   * offset order, never past {@link #endOffset}: random access by offset without a consumer group,
   * for readers that keep their own positions (such as the event store). Empty if {@code offset} is
   * at or past the end; below {@link #startOffset} it reads from there. Thread-safe; does not wait.
   *
   * @throws CorruptLogException if a record it has to read is damaged
   * @throws dev.herald.core.HeraldException if the transport is closed or the disk fails
   */
  List<Delivery> read(String topic, int partition, long offset, int maxEvents);
}
