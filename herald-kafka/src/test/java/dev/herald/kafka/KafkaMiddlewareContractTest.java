package dev.herald.kafka;

import dev.herald.core.spi.Features;
import dev.herald.core.spi.Transport;
import dev.herald.testkit.MiddlewareContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** Failure handling on the Kafka transport keeps the middleware contract, on a real broker. */
class KafkaMiddlewareContractTest extends MiddlewareContract {
  @TempDir static Path brokerDirectory;
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start(brokerDirectory);
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @Override
  protected Transport openTransport() {
    return KafkaTransports.open(kafka.bootstrapServers());
  }

  @Override
  protected Transport reopenTransport() {
    return KafkaTransports.open(kafka.bootstrapServers());
  }

  @Override
  protected Features features() {
    return new Features(true, true, KafkaSettings.MAX_EVENT_BYTES);
  }
}
