package dev.herald.bench;

import dev.herald.core.HeraldException;
import dev.herald.kafka.KafkaSettings;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A second baseline, for context rather than for the targets: what one would write by hand to speak
 * CloudEvents on Kafka. Plain kafka-clients with the CloudEvents Java SDK's {@link
 * CloudEventSerializer} (binary mode, its default: the attributes go into {@code ce_} headers) and
 * {@link CloudEventDeserializer}, Herald's client properties otherwise, and the poll loop of {@link
 * ClientSession}. Each event gets a fresh UUID, source {@value #SOURCE}, type {@value #TYPE}, the
 * time now, the key as subject, and {@link Payloads#raw the raw side's bytes} as data.
 *
 * @param clock where each event's time comes from
 */
record CloudEventsSide(KafkaSettings settings, Clock clock) implements Side {
  /** The event source, Herald's sending service as a URI reference. */
  static final String SOURCE = "/bench-sender";

  /** The event type, the one Herald's side registers. */
  static final String TYPE = "bench.event.sent";

  private static final URI SOURCE_URI = URI.create(SOURCE);

  @Override
  public String name() {
    return "cloudevents";
  }

  @Override
  public Session open(String topic, String group, Payloads payloads) {
    return ClientSession.open(name(), settings, topic, group, new BinaryMode(payloads, clock));
  }

  /** String keys and {@link CloudEvent} values through the SDK's Kafka (de)serializers. */
  private record BinaryMode(Payloads payloads, Clock clock)
      implements ClientSession.Wire<String, CloudEvent> {
    @Override
    public Map<String, Object> serializers() {
      return Map.of(
          ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
          ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, CloudEventSerializer.class.getName());
    }

    @Override
    public Map<String, Object> deserializers() {
      return Map.of(
          ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
          ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, CloudEventDeserializer.class.getName());
    }

    @Override
    public ProducerRecord<String, CloudEvent> record(
        String topic, int key, long sequence, long sentNanos) {
      String subject = payloads.key(key);
      CloudEvent event =
          CloudEventBuilder.v1()
              .withId(UUID.randomUUID().toString())
              .withSource(SOURCE_URI)
              .withType(TYPE)
              .withTime(OffsetDateTime.now(clock))
              .withSubject(subject)
              .withDataContentType("application/octet-stream")
              .withData(payloads.raw(sequence, sentNanos))
              .build();
      return new ProducerRecord<>(topic, subject, event);
    }

    @Override
    public void received(CloudEvent event, Receipts receipts) {
      CloudEventData data = event.getData();
      if (data == null) {
        throw new HeraldException(
            "cloudevents event " + event.getId() + " arrived without data; the bench sends data");
      }
      byte[] value = data.toBytes();
      receipts.received(Payloads.rawSequence(value), Payloads.rawSentNanos(value));
    }
  }
}
