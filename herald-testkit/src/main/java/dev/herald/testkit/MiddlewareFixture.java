package dev.herald.testkit;

import dev.herald.core.DeadLetter;
import dev.herald.core.EventBus;
import dev.herald.core.EventTypes;
import dev.herald.core.HandlerOptions;
import dev.herald.core.spi.Partitioner;
import dev.herald.core.spi.Transport;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * One {@link MiddlewareContract} test's world: the transport, a topic and groups of its own, the
 * buses it opened (closed newest first), and the handler every test registers. Not thread-safe
 * except {@link #track}, which handlers may call.
 */
final class MiddlewareFixture implements AutoCloseable {
  /** The name of the contract's event type. */
  static final String EVENT_TYPE = "herald.contract.event";

  /** What a handler does besides recording an event: throw to fail the call. */
  @FunctionalInterface
  interface Fault {
    /** Runs on each call for {@code event}; {@code call} counts from 1 per event id. */
    void apply(ContractEvent event, int call) throws Exception;

    /** Does nothing. */
    static Fault none() {
      return (event, call) -> {};
    }
  }

  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final EventTypes types = new EventTypes();
  private final String token;
  private final String topic;
  private Transport transport;
  private EventBus publisher;
  private Optional<MeterRegistry> meters = Optional.empty();

  /** Opens {@code transport} for the test method named {@code method}. */
  MiddlewareFixture(String method, Supplier<Transport> transport) {
    this.token = Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16);
    this.topic = "middleware." + method + "." + token;
    types.register(ContractEvent.class, EVENT_TYPE, 1, topic, "key");
    this.transport = transport.get();
  }

  /** The transport under test; a new one after {@link #reopen}. */
  Transport transport() {
    return transport;
  }

  /** The test's topic. */
  String topic() {
    return topic;
  }

  /** {@code name} made unique to this test, for a consumer group or a service. */
  String group(String name) {
    return name + "-" + token;
  }

  /**
   * Records the metrics of every bus opened from now on, the {@link #publisher} included, in {@code
   * registry}; by default the buses record none.
   */
  void recordMetricsIn(MeterRegistry registry) {
    meters = Optional.of(registry);
  }

  /**
   * A bus of {@code service} on {@code on}, with short redelivery and shutdown waits, recording
   * metrics if {@link #recordMetricsIn} was called.
   */
  EventBus.Builder builder(String service, Transport on) {
    EventBus.Builder builder =
        EventBus.builder(service)
            .transport(on)
            .types(types)
            .redeliveryDelay(Duration.ofMillis(20))
            .shutdownTimeout(Duration.ofSeconds(10));
    meters.ifPresent(builder::meterRegistry);
    return builder;
  }

  /** The bus that publishes the test's events, opened on first use. */
  EventBus publisher() {
    if (publisher == null) {
      publisher = track(builder(group("publisher"), transport).build());
    }
    return publisher;
  }

  /**
   * A bus on {@code on} in {@code recorder}'s group whose handler, registered with {@code options},
   * counts each call per event id in {@code calls}, runs {@code fault}, records the event as
   * handled by {@code instance} (the side effect), then runs {@code afterEffect}. Not started.
   */
  EventBus consumer(
      Transport on,
      Recorder recorder,
      String instance,
      Map<String, Integer> calls,
      Fault fault,
      HandlerOptions options,
      Fault afterEffect) {
    EventBus bus = track(builder(recorder.group(), on).build());
    bus.on(
        ContractEvent.class,
        (event, context) -> {
          int call = calls.merge(event.id(), 1, Integer::sum);
          fault.apply(event, call);
          recorder.record(instance, event, context.position());
          afterEffect.apply(event, call);
        },
        options);
    return bus;
  }

  /** {@code count} distinct keys that the partitioner puts into partition 0 of the topic. */
  List<String> keysInOnePartition(int count) {
    int partitions = transport.partitions(topic);
    List<String> keys = new ArrayList<>();
    for (int i = 0; keys.size() < count; i++) {
      String key = "key-" + i;
      if (Partitioner.partition(key, partitions) == 0) {
        keys.add(key);
      }
    }
    return keys;
  }

  /** Registers {@code closeable} to be closed with the fixture or on {@link #reopen}. */
  <T extends AutoCloseable> T track(T closeable) {
    synchronized (closeables) {
      closeables.add(closeable);
    }
    return closeable;
  }

  /** Closes every bus the test opened and the transport, then opens it again with {@code open}. */
  void reopen(Supplier<Transport> open) {
    closeTracked();
    transport.close();
    transport = open.get();
  }

  /** Closes every bus the test opened, then the transport. */
  @Override
  public void close() {
    try {
      closeTracked();
    } finally {
      transport.close();
    }
  }

  private void closeTracked() {
    List<AutoCloseable> open;
    synchronized (closeables) {
      open = new ArrayList<>(closeables);
      closeables.clear();
    }
    publisher = null;
    RuntimeException failure = null;
    for (int i = open.size() - 1; i >= 0; i--) {
      try {
        open.get(i).close();
      } catch (Exception e) {
        if (failure == null) {
          failure = new IllegalStateException("closing what the test opened failed", e);
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  // ---------------------------------------------------------------- reading what happened

  /** Each of {@code events}' ids, counted once. */
  static Map<String, Integer> onceEach(List<ContractEvent> events) {
    Map<String, Integer> counts = new HashMap<>();
    events.forEach(e -> counts.put(e.id(), 1));
    return counts;
  }

  /** The data of the dead event, as text. */
  static String dataOf(DeadLetter letter) {
    return new String(letter.envelope().data(), StandardCharsets.UTF_8);
  }

  /** The instances that handled {@code event}, in handling order. */
  static List<String> instancesThatHandled(Recorder recorder, ContractEvent event) {
    return recorder.handled().stream()
        .filter(h -> h.event().id().equals(event.id()))
        .map(Recorder.Handled::instance)
        .toList();
  }

  /** The sequence numbers of {@code key} handled, in handling order. */
  static List<Long> sequencesHandled(Recorder recorder, String key) {
    return recorder.handled().stream()
        .filter(h -> h.event().key().equals(key))
        .map(h -> h.event().sequence())
        .toList();
  }
}
