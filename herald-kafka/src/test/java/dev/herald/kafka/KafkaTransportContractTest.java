package dev.herald.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.herald.core.Delivery;
import dev.herald.core.Envelope;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.Features;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import dev.herald.testkit.TransportContract;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka transport keeps the transport contract, on a real broker started once. */
class KafkaTransportContractTest extends TransportContract {
  private static final String OFFSETS_TOPIC = "__consumer_offsets";

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

  /** Kafka's own topic of committed offsets exists once a group committed, but is not listed. */
  @Test
  void topics_leaveOutKafkasInternalTopics() throws Exception {
    Envelope event =
        Envelope.builder()
            .id(UUID.randomUUID().toString())
            .source("kafka-test")
            .type("test.happened")
            .build();
    transport().append(topic(), List.of(event)).get(30, TimeUnit.SECONDS);
    Subscription reader =
        track(
            transport()
                .subscribe(
                    topic(),
                    group("internal"),
                    StartPosition.earliest(),
                    RebalanceListener.none()));
    List<Delivery> read = List.of();
    long deadline = deadline();
    while (read.isEmpty() && System.nanoTime() - deadline < 0) {
      read = reader.poll(Duration.ofMillis(100));
    }
    assertThat(read).as("the event, read within %s", awaitTimeout()).isNotEmpty();
    reader.commit(Map.of(read.get(0).partition(), read.get(0).offset() + 1));

    try (Admin admin =
        Admin.create(
            Map.<String, Object>of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
      Set<String> all =
          admin
              .listTopics(new ListTopicsOptions().listInternal(true))
              .names()
              .get(30, TimeUnit.SECONDS);
      assertThat(all).as("every topic Kafka holds").contains(OFFSETS_TOPIC);
    }
    assertThat(transport().topics())
        .hasValueSatisfying(
            topics -> assertThat(topics).contains(topic()).doesNotContain(OFFSETS_TOPIC));
  }
}
