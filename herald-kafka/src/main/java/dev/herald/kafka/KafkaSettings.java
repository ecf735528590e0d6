package dev.herald.kafka;

import dev.herald.core.HeraldException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a Kafka transport connects and creates topics, parsed from {@code
 * kafka://HOST:PORT[,HOST:PORT...][?partitions=N&replication=R&producer.K=V&consumer.K=V&admin.K=V]}.
 * Properties prefixed {@code producer.}, {@code consumer.} or {@code admin.} go to that Kafka
 * client as they are and override Herald's defaults.
 *
 * @param bootstrapServers the brokers to start from, {@code host:port,...}
 * @param partitions partitions of the topics Herald creates
 * @param replicationFactor replicas of the topics Herald creates
 * @param producer producer property overrides
 * @param consumer consumer property overrides
 * @param admin admin client property overrides
 */
public record KafkaSettings(
    String bootstrapServers,
    int partitions,
    short replicationFactor,
    Map<String, String> producer,
    Map<String, String> consumer,
    Map<String, String> admin) {

  /** Broker and topic limit on one record batch; leaves room for headers above the data limit. */
  static final int MAX_MESSAGE_BYTES = 5 * 1024 * 1024;

  /** The largest event data the Kafka transport accepts. */
  static final int MAX_EVENT_BYTES = 4 * 1024 * 1024;

  /** Checks the settings and copies the maps. */
  public KafkaSettings {
    if (bootstrapServers == null || !bootstrapServers.matches("[^,\\s/]+:\\d+(,[^,\\s/]+:\\d+)*")) {
      throw new HeraldException(
          "Kafka bootstrap servers '"
              + bootstrapServers
              + "' must be HOST:PORT[,HOST:PORT...],"
              + " as in kafka://localhost:9092");
    }
    if (partitions < 1 || partitions > 10_000) {
      throw new HeraldException("partitions=" + partitions + " must be from 1 to 10000");
    }
    if (replicationFactor < 1) {
      throw new HeraldException("replication=" + replicationFactor + " must be 1 or more");
    }
    producer = Map.copyOf(producer);
    consumer = Map.copyOf(consumer);
    admin = Map.copyOf(admin);
  }

  /** Defaults for {@code bootstrapServers}: 4 partitions, replication 1, no overrides. */
  public static KafkaSettings of(String bootstrapServers) {
    return new KafkaSettings(bootstrapServers, 4, (short) 1, Map.of(), Map.of(), Map.of());
  }

  /** These settings with {@code partitions} partitions per created topic. */
  public KafkaSettings withPartitions(int partitions) {
    return new KafkaSettings(
        bootstrapServers, partitions, replicationFactor, producer, consumer, admin);
  }

  /**
   * Parses a {@code kafka://} URI.
   *
   * @throws HeraldException naming the part that is wrong
   */
  public static KafkaSettings parse(String uri) {
    if (!uri.startsWith("kafka://")) {
      throw new HeraldException(
          "'" + uri + "' is not a kafka:// URI, such as kafka://localhost:9092");
    }
    String rest = uri.substring("kafka://".length());
    int question = rest.indexOf('?');
    String servers = question < 0 ? rest : rest.substring(0, question);
    if (servers.endsWith("/")) {
      servers = servers.substring(0, servers.length() - 1);
    }
    int partitions = 4;
    short replication = 1;
    Map<String, String> producer = new LinkedHashMap<>();
    Map<String, String> consumer = new LinkedHashMap<>();
    Map<String, String> admin = new LinkedHashMap<>();
    if (question >= 0 && question < rest.length() - 1) {
      for (String pair : rest.substring(question + 1).split("&", -1)) {
        int equals = pair.indexOf('=');
        if (equals <= 0) {
          throw new HeraldException("'" + pair + "' in " + uri + " is not NAME=VALUE");
        }
        String name = decode(pair.substring(0, equals), uri);
        String value = decode(pair.substring(equals + 1), uri);
        if (name.equals("partitions")) {
          partitions = parseNumber(name, value);
        } else if (name.equals("replication")) {
          int asked = parseNumber(name, value);
          if (asked < 1 || asked > Short.MAX_VALUE) {
            throw new HeraldException(
                "replication=" + value + " must be from 1 to " + Short.MAX_VALUE);
          }
          replication = (short) asked;
        } else if (name.startsWith("producer.")) {
          producer.put(name.substring("producer.".length()), value);
        } else if (name.startsWith("consumer.")) {
          consumer.put(name.substring("consumer.".length()), value);
        } else if (name.startsWith("admin.")) {
          admin.put(name.substring("admin.".length()), value);
        } else {
          throw new HeraldException(
              "unknown setting '"
                  + name
                  + "' in "
                  + uri
                  + "; use partitions, replication, or a"
                  + " Kafka client property prefixed producer., consumer. or admin.");
        }
      }
    }
    return new KafkaSettings(servers, partitions, replication, producer, consumer, admin);
  }

  /** Percent-decoding only: a '+' stays a '+' (Kafka properties such as JAAS configs use it). */
  private static String decode(String text, String uri) {
    try {
      return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new HeraldException(
          "'" + text + "' in " + uri + " has a broken %-escape; write % as %25");
    }
  }

  private static int parseNumber(String name, String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new HeraldException(name + "=" + value + " is not a whole number");
    }
  }
}
