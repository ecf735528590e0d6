package dev.herald.kafka;

import dev.herald.core.spi.Transport;

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
}
