package dev.herald.bench;

import dev.herald.core.EventBus;
import dev.herald.core.EventTypes;
import dev.herald.core.spi.Transport;
import dev.herald.kafka.KafkaSettings;
import dev.herald.kafka.KafkaTransports;
import java.util.function.Supplier;

/**
 * Herald as a user would run it: one service publishes {@link BenchEvent} records, with {@link
 * EventBus#publishAsync} from one thread or {@link EventBus#publish} from many ({@link
 * Session#sendAndWait}); another service (its own bus and consumer group) handles them. Both buses
 * share one transport with its default settings, opened from {@code transports} for each session
 * and closed with it.
 *
 * @param name the side's name as the table shows it
 * @param transports opens a new transport; called once per {@link #open}
 * @param reportOutcomes whether both buses report their handlers' outcomes ({@link
 *     EventBus.Builder#reportOutcomes(boolean)}); on by default, as for a user
 */
record HeraldSide(String name, Supplier<Transport> transports, boolean reportOutcomes)
    implements Side {
  /** A side with the buses' defaults, outcome reporting on. */
  HeraldSide(String name, Supplier<Transport> transports) {
    this(name, transports, true);
  }

  /** Herald on the Kafka transport with {@code settings}: the Kafka bench's {@code herald} side. */
  static HeraldSide onKafka(KafkaSettings settings) {
    return new HeraldSide("herald", () -> KafkaTransports.open(settings));
  }

  @Override
  public Session open(String topic, String group, Payloads payloads) {
    EventTypes types = new EventTypes();
    types.register(BenchEvent.class, "bench.event.sent", 1, topic, "key");
    Transport transport = transports.get();
    Delivering delivering = new Delivering();
    HeraldSession session;
    try {
      EventBus sender =
          EventBus.builder("bench-sender")
              .transport(transport)
              .types(types)
              .reportOutcomes(reportOutcomes)
              .build();
      EventBus receiver =
          EventBus.builder("bench-receiver")
              .group(group)
              .transport(transport)
              .types(types)
              .reportOutcomes(reportOutcomes)
              .build();
      session = new HeraldSession(transport, sender, receiver, payloads, delivering);
    } catch (RuntimeException e) {
      transport.close();
      throw e;
    }
    try {
      session.receiver.on(
          BenchEvent.class,
          (event, context) -> delivering.receipts.received(event.sequence(), event.sentNanos()));
      session.receiver.start();
    } catch (RuntimeException e) {
      session.close();
      throw e;
    }
    return session;
  }

  /** Where the handler reports to; swapped between phases. */
  private static final class Delivering {
    volatile Receipts receipts = new Receipts(0);
  }

  private record HeraldSession(
      Transport transport,
      EventBus sender,
      EventBus receiver,
      Payloads payloads,
      Delivering delivering)
      implements Session {
    @Override
    public void send(int key, long sequence, long sentNanos, Acks acks) {
      var unused =
          sender
              .publishAsync(payloads.event(key, sequence, sentNanos))
              .whenComplete((position, error) -> acks.completed(error));
    }

    @Override
    public void sendAndWait(int key, long sequence, long sentNanos) {
      var unused = sender.publish(payloads.event(key, sequence, sentNanos));
    }

    @Override
    public void deliverTo(Receipts receipts) {
      delivering.receipts = receipts;
    }

    @Override
    public void close() {
      try (transport;
          sender;
          receiver) {
        // closes the receiver (leaves the group), then the sender, then the transport
      }
    }
  }
}
