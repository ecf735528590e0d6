package dev.herald.bench;

import dev.herald.core.EventBus;
import dev.herald.core.EventTypes;
import dev.herald.core.spi.Transport;
import dev.herald.kafka.KafkaSettings;
import dev.herald.kafka.KafkaTransports;

/**
 * Herald on Kafka as a user would run it: one service publishes {@link BenchEvent} records with
 * {@link EventBus#publishAsync}, another service (its own bus and consumer group) handles them.
 * Both buses share one Kafka transport with Herald's default settings.
 */
record HeraldSide(KafkaSettings settings) implements Side {
  @Override
  public String name() {
    return "herald";
  }

  @Override
  public Session open(String topic, String group, Payloads payloads) {
    EventTypes types = new EventTypes();
    types.register(BenchEvent.class, "bench.event.sent", 1, topic, "key");
    Transport transport = KafkaTransports.open(settings);
    Delivering delivering = new Delivering();
    EventBus sender = EventBus.builder("bench-sender").transport(transport).types(types).build();
    EventBus receiver =
        EventBus.builder("bench-receiver").group(group).transport(transport).types(types).build();
    HeraldSession session = new HeraldSession(transport, sender, receiver, payloads, delivering);
    try {
      receiver.on(
          BenchEvent.class,
          (event, context) -> delivering.receipts.received(event.sequence(), event.sentNanos()));
      receiver.start();
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
