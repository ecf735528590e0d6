package dev.herald.kafka;

import dev.herald.core.StartPosition;
import dev.herald.core.spi.Transport;
import java.util.Properties;

/**
 * Opens Kafka transports from code; {@code Transports.open("kafka://HOST:PORT")} does the same from
 * a URI.
 */
public final class KafkaTransports {
  private KafkaTransports() {}

  /** A transport on the cluster at {@code bootstrapServers} with default settings. */
  public static Transport open(String bootstrapServers) {
    return open(KafkaSettings.of(bootstrapServers));
  }

  /**
   * A transport with {@code settings}. Connecting is lazy: a missing broker shows on the first
   * publish or subscribe, as an error that names the address.
   */
  public static Transport open(KafkaSettings settings) {
    return new KafkaTransport(settings);
  }

  /**
   * The properties of the {@code KafkaProducer} a transport with {@code settings} creates: Herald's
   * defaults (acks=all, idempotence, linger, batch size, compression) with the settings' overrides
   * applied. A fresh copy on each call; for tools such as benchmarks that drive a plain producer
   * exactly as Herald would.
   */
  public static Properties producerProperties(KafkaSettings settings) {
    return KafkaTransport.producerProperties(settings);
  }

  /**
   * The properties of the {@code KafkaConsumer} a subscription of {@code group} starting at {@code
   * start} creates with {@code settings}: Herald's defaults (manual commits, cooperative-sticky
   * assignment, max poll records) with the settings' overrides applied. A fresh copy on each call.
   */
  public static Properties consumerProperties(
      KafkaSettings settings, String group, StartPosition start) {
    return KafkaSubscription.consumerProperties(settings, group, start);
  }
}
