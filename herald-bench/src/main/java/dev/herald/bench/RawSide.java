package dev.herald.bench;

import dev.herald.kafka.KafkaSettings;
import dev.herald.kafka.KafkaTransports;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The baseline of the targets: a plain producer sending the event bytes with no headers, and a
 * plain consumer poll loop ({@link ClientSession}). Both clients get exactly Herald's properties
 * ({@link KafkaTransports#producerProperties}, {@link KafkaTransports#consumerProperties}), whose
 * byte-array (de)serializers are what this side needs.
 *
 * @param name the side's name as the table shows it: {@code raw} in the Kafka bench, {@code kafka}
 *     in the log bench
 */
record RawSide(String name, KafkaSettings settings) implements Side {
  @Override
  public Session open(String topic, String group, Payloads payloads) {
    return ClientSession.open(name, settings, topic, group, new Bytes(payloads));
  }

  /** The key's bytes and {@link Payloads#raw} as they are. */
  private record Bytes(Payloads payloads) implements ClientSession.Wire<byte[], byte[]> {
    @Override
    public Map<String, Object> serializers() {
      return Map.of();
    }

    @Override
    public Map<String, Object> deserializers() {
      return Map.of();
    }

    @Override
    public ProducerRecord<byte[], byte[]> record(
        String topic, int key, long sequence, long sentNanos) {
      return new ProducerRecord<>(topic, payloads.rawKey(key), payloads.raw(sequence, sentNanos));
    }

    @Override
    public void received(byte[] value, Receipts receipts) {
      receipts.received(Payloads.rawSequence(value), Payloads.rawSentNanos(value));
    }
  }
}
