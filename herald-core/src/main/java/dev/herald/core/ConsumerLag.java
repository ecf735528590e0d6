package dev.herald.core;

import dev.herald.core.spi.Transport;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code herald.consumer.lag} gauges of one consumer loop, one per partition it owns: the
 * topic's end offset ({@link Transport#endOffsets}) minus the offset of the partition's next event
 * to settle. The committed offset trails that by at most the commit interval. A partition nothing
 * was fetched from yet counts as caught up; a transport that cannot tell its end offsets gives NaN.
 *
 * <p>The gauges are read when the registry is scraped, on the scraper's thread; one read of the end
 * offsets serves all partitions for {@link #MAX_AGE}, so a scrape costs one call to the transport.
 * Gauges come and go with the partitions ({@link #track}, {@link #untrack}, poll thread only).
 */
final class ConsumerLag {
  private static final Logger LOG = LoggerFactory.getLogger(ConsumerLag.class);

  /** How long one read of the end offsets is reused. */
  static final Duration MAX_AGE = Duration.ofSeconds(1);

  /** Tracks nothing. */
  static final ConsumerLag OFF = new ConsumerLag(null, null, "", "", "");

  private record Ends(long readAtNanos, Optional<Map<Integer, Long>> offsets) {}

  private final MeterRegistry registry;
  private final Transport transport;
  private final String service;
  private final String group;
  private final String topic;
  private final Map<Integer, Gauge> gauges = new ConcurrentHashMap<>();
  private Ends ends;

  ConsumerLag(
      MeterRegistry registry, Transport transport, String service, String group, String topic) {
    this.registry = registry;
    this.transport = transport;
    this.service = service;
    this.group = group;
    this.topic = topic;
  }

  /** Registers the gauge of {@code worker}'s partition. */
  void track(PartitionWorker worker) {
    if (registry == null) {
      return;
    }
    untrack(worker.partition);
    Gauge gauge =
        Gauge.builder(BusMetrics.CONSUMER_LAG, worker, this::lag)
            .description("Events in the partition not yet settled by this group")
            .tags(
                "service",
                service,
                "group",
                group,
                "topic",
                topic,
                "partition",
                Integer.toString(worker.partition))
            .strongReference(true)
            .register(registry);
    gauges.put(worker.partition, gauge);
  }

  /** Removes the gauge of {@code partition}, once it is no longer this member's. */
  void untrack(int partition) {
    Gauge gauge = gauges.remove(partition);
    if (gauge != null) {
      registry.remove(gauge);
    }
  }

  private double lag(PartitionWorker worker) {
    Optional<Map<Integer, Long>> offsets = endOffsets();
    if (offsets.isEmpty()) {
      return Double.NaN;
    }
    Long end = offsets.get().get(worker.partition);
    long next = worker.nextOffset();
    if (end == null) {
      return Double.NaN;
    }
    return next < 0 ? 0 : Math.max(0, end - next);
  }

  private synchronized Optional<Map<Integer, Long>> endOffsets() {
    long now = System.nanoTime();
    if (ends == null || now - ends.readAtNanos() > MAX_AGE.toNanos()) {
      Optional<Map<Integer, Long>> offsets;
      try {
        offsets = transport.endOffsets(topic);
      } catch (RuntimeException e) {
        LOG.debug("cannot read the end offsets of {} for the lag of {}", topic, group, e);
        offsets = Optional.empty();
      }
      ends = new Ends(now, offsets);
    }
    return ends.offsets();
  }
}
