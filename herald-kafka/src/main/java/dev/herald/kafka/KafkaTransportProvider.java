package dev.herald.kafka;

import dev.herald.core.spi.Transport;
import dev.herald.core.spi.TransportProvider;

/** Opens {@code kafka://HOST:PORT[?settings]}; see {@link KafkaSettings} for the settings. */
public final class KafkaTransportProvider implements TransportProvider {
  /** Used by {@link java.util.ServiceLoader}. */
  public KafkaTransportProvider() {}

  @Override
  public String scheme() {
    return "kafka";
  }

  @Override
  public String example() {
    return "kafka://localhost:9092";
  }

  @Override
  public Transport open(String uri) {
    return KafkaTransports.open(KafkaSettings.parse(uri));
  }
}
