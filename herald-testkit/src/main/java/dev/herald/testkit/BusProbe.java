package dev.herald.testkit;

import dev.herald.core.Codec;
import dev.herald.core.Envelope;
import dev.herald.core.EventBus;
import dev.herald.core.EventTypes;
import dev.herald.core.RegisteredType;
import dev.herald.core.spi.Transport;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A test's view of the bus: records every event of the types it watches, as another service would
 * (in a consumer group of its own), and sends commands as raw envelopes so that one envelope can be
 * delivered twice.
 */
public final class BusProbe implements AutoCloseable {
  /** How long {@link #await} waits. */
  public static final Duration WAIT = Duration.ofSeconds(10);

  /** How often {@link #await} looks. */
  public static final Duration EVERY = Duration.ofMillis(10);

  private final Transport transport;
  private final EventTypes types;
  private final EventBus bus;
  private final ConcurrentLinkedQueue<Object> seen = new ConcurrentLinkedQueue<>();

  /**
   * Watches {@code watched} on {@code transport}, decoding with {@code types} and {@code
   * extraTypes}.
   */
  public BusProbe(
      Transport transport, EventTypes types, List<Class<?>> watched, Class<?>... extraTypes) {
    this.transport = transport;
    this.types = types;
    for (Class<?> type : extraTypes) {
      types.of(type);
    }
    this.bus =
        EventBus.builder("test-" + UUID.randomUUID()).transport(transport).types(types).build();
    for (Class<?> type : watched) {
      bus.on(type, (event, context) -> seen.add(event));
    }
    bus.start();
  }

  /** Sends {@code command} as one envelope with id {@code id}, {@code times} times. */
  public void send(Object command, String id, int times) throws Exception {
    RegisteredType<?> type = types.of(command.getClass());
    Envelope envelope =
        Envelope.builder()
            .id(id)
            .source("test")
            .type(type.name())
            .dataSchema(type.schemaUri())
            .dataContentType(Codec.json().contentType())
            .data(Codec.json().encode(command))
            .extension(Envelope.PARTITION_KEY, type.keyOf(command).orElseThrow())
            .build();
    for (int i = 0; i < times; i++) {
      transport.append(type.topic(), List.of(envelope)).get(10, TimeUnit.SECONDS);
    }
  }

  /** Sends {@code command} once, with a new id. */
  public void send(Object command) throws Exception {
    send(command, UUID.randomUUID().toString(), 1);
  }

  /** Every event of {@code type} seen so far, in arrival order. */
  public <T> List<T> of(Class<T> type) {
    return seen.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Waits until the events of {@code type} seen satisfy {@code done}, and returns them. */
  public <T> List<T> await(Class<T> type, String what, Predicate<List<T>> done)
      throws InterruptedException {
    return Await.until(what, WAIT, EVERY, () -> of(type), done);
  }

  @Override
  public void close() {
    bus.close();
  }
}
