package dev.herald.core;

import dev.herald.core.spi.Transport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One bus's Micrometer meters, registered in the registry the bus was built with ({@link
 * EventBus.Builder#meterRegistry}). Meters are made once per topic and type (and reason) and then
 * reused, so counting an event allocates nothing. Without a registry every method returns after one
 * boolean check. Thread-safe.
 *
 * <p>The names and tags are listed on {@link EventBus.Builder#meterRegistry}; keep them in step.
 */
final class BusMetrics {
  static final String PUBLISHED = "herald.events.published";
  static final String HANDLED = "herald.events.handled";
  static final String FAILED = "herald.events.failed";
  static final String RETRIED = "herald.events.retried";
  static final String DEAD_LETTERED = "herald.events.dead_lettered";
  static final String HANDLER_DURATION = "herald.handler.duration";
  static final String CONSUMER_LAG = "herald.consumer.lag";

  private static final BusMetrics OFF = new BusMetrics(null, "", "");

  private final MeterRegistry registry;
  private final boolean on;
  private final String service;
  private final String group;
  private final ConcurrentHashMap<String, Counter> published = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Counter> deadLettered = new ConcurrentHashMap<>();

  private BusMetrics(MeterRegistry registry, String service, String group) {
    this.registry = registry;
    this.on = registry != null;
    this.service = service;
    this.group = group;
  }

  /** Meters in {@code registry} for service {@code service} in {@code group}; off if empty. */
  static BusMetrics of(Optional<MeterRegistry> registry, String service, String group) {
    return registry.map(r -> new BusMetrics(r, service, group)).orElse(OFF);
  }

  /** Whether meters are recorded at all. */
  boolean enabled() {
    return on;
  }

  /** Counts {@code count} events of {@code type} stored in {@code topic}. */
  void published(String topic, String type, int count) {
    if (!on) {
      return;
    }
    Counter counter = published.get(type);
    if (counter == null) {
      counter =
          published.computeIfAbsent(
              type,
              t ->
                  Counter.builder(PUBLISHED)
                      .description("Events this service published, counted once stored")
                      .tags("service", service, "topic", topic, "type", t)
                      .register(registry));
    }
    counter.increment(count);
  }

  /** The meters of the handler of {@code type} on {@code topic}. */
  HandlerMeters handler(String topic, String type) {
    return on ? HandlerMeters.register(registry, service, group, topic, type) : HandlerMeters.OFF;
  }

  /** Counts one event of {@code type} from {@code topic} stored in the dead letters. */
  void deadLettered(String topic, String type, DeadLetterReason reason) {
    if (!on) {
      return;
    }
    deadLettered
        .computeIfAbsent(
            topic + '\n' + type + '\n' + reason.wireName(),
            k ->
                Counter.builder(DEAD_LETTERED)
                    .description("Events this group stored in its dead letters")
                    .tags(
                        "service",
                        service,
                        "group",
                        group,
                        "topic",
                        topic,
                        "type",
                        type,
                        "reason",
                        reason.wireName())
                    .register(registry))
        .increment();
  }

  /** The lag gauges of this group on {@code topic}, read from {@code transport}. */
  ConsumerLag lag(Transport transport, String topic) {
    return on ? new ConsumerLag(registry, transport, service, group, topic) : ConsumerLag.OFF;
  }
}
