package dev.herald.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.HeraldException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing {@code kafka://} URIs into settings, and the errors for bad ones. */
class KafkaSettingsTest {

  @Test
  void parse_oneHostWithDefaults() {
    KafkaSettings settings = KafkaSettings.parse("kafka://localhost:9092");

    assertThat(settings.bootstrapServers()).isEqualTo("localhost:9092");
    assertThat(settings.partitions()).isEqualTo(4);
    assertThat(settings.replicationFactor()).isEqualTo((short) 1);
    assertThat(settings.producer()).isEmpty();
    assertThat(settings.consumer()).isEmpty();
    assertThat(settings.admin()).isEmpty();
    assertThat(settings).isEqualTo(KafkaSettings.of("localhost:9092"));
  }

  @Test
  void parse_severalHosts() {
    assertThat(
            KafkaSettings.parse("kafka://k1:9092,k2.example.com:9093,10.0.0.3:9094")
                .bootstrapServers())
        .isEqualTo("k1:9092,k2.example.com:9093,10.0.0.3:9094");
  }

  @Test
  void parse_ignoresATrailingSlash() {
    assertThat(KafkaSettings.parse("kafka://localhost:9092/").bootstrapServers())
        .isEqualTo("localhost:9092");
    assertThat(KafkaSettings.parse("kafka://localhost:9092/?partitions=2").partitions())
        .isEqualTo(2);
  }

  @Test
  void parse_topicSettingsAndClientOverrides() {
    KafkaSettings settings =
        KafkaSettings.parse(
            "kafka://localhost:9092?partitions=8&replication=1&producer.linger.ms=1"
                + "&consumer.max.poll.records=10&admin.x=y");

    assertThat(settings.partitions()).isEqualTo(8);
    assertThat(settings.replicationFactor()).isEqualTo((short) 1);
    assertThat(settings.producer()).containsExactlyEntriesOf(Map.of("linger.ms", "1"));
    assertThat(settings.consumer()).containsExactlyEntriesOf(Map.of("max.poll.records", "10"));
    assertThat(settings.admin()).containsExactlyEntriesOf(Map.of("x", "y"));
  }

  @Test
  void parse_decodesUrlEncodedNamesAndValues() {
    KafkaSettings settings =
        KafkaSettings.parse(
            "kafka://localhost:9092?producer.client.id=a%20b%26c%3Dd"
                + "&consumer.group.instance.id=%C3%A9t%C3%A9&admin%2Eclient.id=x");

    assertThat(settings.producer()).containsEntry("client.id", "a b&c=d");
    assertThat(settings.consumer()).containsEntry("group.instance.id", "été");
    assertThat(settings.admin()).containsEntry("client.id", "x");
  }

  @Test
  void parse_settingsReachTheKafkaClients() {
    KafkaSettings settings =
        KafkaSettings.parse(
            "kafka://localhost:9092?producer.linger.ms=1&consumer.max.poll.records=10");

    assertThat(KafkaTransport.producerProperties(settings))
        .containsEntry("linger.ms", "1")
        .containsEntry("bootstrap.servers", "localhost:9092");
    assertThat(
            KafkaSubscription.consumerProperties(
                settings, "g", dev.herald.core.StartPosition.earliest()))
        .containsEntry("max.poll.records", "10");
  }

  @Test
  void parse_rejectsAnotherScheme() {
    assertThatThrownBy(() -> KafkaSettings.parse("log:./data"))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("'log:./data' is not a kafka:// URI");
  }

  @Test
  void parse_rejectsABadHostList() {
    for (String uri :
        new String[] {
          "kafka://",
          "kafka://localhost",
          "kafka://localhost:port",
          "kafka://a:1,,b:2",
          "kafka://a:1, b:2",
          "kafka://a:1/b",
          "kafka://?partitions=2"
        }) {
      assertThatThrownBy(() -> KafkaSettings.parse(uri))
          .as(uri)
          .isInstanceOf(HeraldException.class)
          .hasMessageContaining("bootstrap servers")
          .hasMessageContaining("must be HOST:PORT[,HOST:PORT...]");
    }
  }

  @Test
  void parse_rejectsAnUnknownSetting() {
    assertThatThrownBy(() -> KafkaSettings.parse("kafka://localhost:9092?linger.ms=1"))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("unknown setting 'linger.ms'")
        .hasMessageContaining("prefixed producer., consumer. or admin.");
  }

  @Test
  void parse_rejectsAPairWithoutEquals() {
    assertThatThrownBy(() -> KafkaSettings.parse("kafka://localhost:9092?partitions"))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("'partitions'")
        .hasMessageContaining("is not NAME=VALUE");
  }

  @Test
  void parse_rejectsPartitionsThatAreNoNumber() {
    assertThatThrownBy(() -> KafkaSettings.parse("kafka://localhost:9092?partitions=many"))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("partitions=many is not a whole number");
    assertThatThrownBy(() -> KafkaSettings.parse("kafka://localhost:9092?replication=1.5"))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("replication=1.5 is not a whole number");
  }

  @Test
  void parse_rejectsPartitionsOutOfRange() {
    assertThatThrownBy(() -> KafkaSettings.parse("kafka://localhost:9092?partitions=0"))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("partitions=0 must be from 1 to 10000");
    assertThatThrownBy(() -> KafkaSettings.parse("kafka://localhost:9092?partitions=10001"))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("partitions=10001 must be from 1 to 10000");
    assertThatThrownBy(() -> KafkaSettings.parse("kafka://localhost:9092?replication=0"))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("replication=0 must be from 1 to 32767");
    assertThatThrownBy(() -> KafkaSettings.parse("kafka://localhost:9092?replication=40000"))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("replication=40000 must be from 1 to 32767");
  }

  @Test
  void parse_keepsPlusSignsAndRejectsBrokenEscapes() {
    KafkaSettings settings =
        KafkaSettings.parse("kafka://localhost:9092?producer.sasl.jaas.config=a+b%20c");
    assertThat(settings.producer()).containsEntry("sasl.jaas.config", "a+b c");
    assertThatThrownBy(() -> KafkaSettings.parse("kafka://localhost:9092?producer.x=%zz"))
        .isInstanceOf(HeraldException.class)
        .hasMessageContaining("broken %-escape");
  }

  @Test
  void withPartitions_keepsTheRest() {
    KafkaSettings settings = KafkaSettings.parse("kafka://h:1?producer.acks=1").withPartitions(12);

    assertThat(settings.partitions()).isEqualTo(12);
    assertThat(settings.producer()).containsEntry("acks", "1");
    assertThat(settings.bootstrapServers()).isEqualTo("h:1");
  }

  @Test
  void settings_copyTheirMaps() {
    Map<String, String> producer = new java.util.HashMap<>(Map.of("acks", "1"));
    KafkaSettings settings = new KafkaSettings("h:1", 1, (short) 1, producer, Map.of(), Map.of());
    producer.put("acks", "all");

    assertThat(settings.producer()).containsEntry("acks", "1");
    assertThatThrownBy(() -> settings.producer().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
