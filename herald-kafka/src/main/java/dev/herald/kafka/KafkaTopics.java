package dev.herald.kafka;

import dev.herald.core.HeraldException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Knows the partition count of each topic, creating missing topics with the settings' shape. */
final class KafkaTopics implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final long LEADER_RETRY_MILLIS = 50;

  private final KafkaSettings settings;
  private final Admin admin;
  private final Map<String, Integer> partitions = new ConcurrentHashMap<>();

  KafkaTopics(KafkaSettings settings) {
    this.settings = settings;
    Properties p = new Properties();
    p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.putAll(settings.admin());
    this.admin = Admin.create(p);
  }

  /** The partition count of {@code topic}, creating it first if it does not exist. */
  int ensure(String topic) {
    Integer known = partitions.get(topic);
    if (known != null) {
      return known;
    }
    int count = describeOrCreate(topic);
    awaitLeaders(topic, count);
    partitions.put(topic, count);
    return count;
  }

  /**
   * Returns once the leader of every partition answers. A produce request that reaches a new
   * partition before its leader serves it is refused, and the idempotent producer's retry of that
   * first batch can then fail with OUT_OF_ORDER_SEQUENCE_NUMBER for good (KAFKA-15591), so no event
   * goes out before every leader has answered a ListOffsets request, which the admin client retries
   * until it has.
   */
  private void awaitLeaders(String topic, int count) {
    Map<TopicPartition, OffsetSpec> request = latest(topic, count);
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    try {
      while (true) {
        try {
          admin.listOffsets(request).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
          return;
        } catch (ExecutionException e) {
          // A topic just created is unknown to the broker's metadata for a moment.
          if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
            throw new HeraldException(
                "the partitions of Kafka topic "
                    + topic
                    + " have no serving leader: "
                    + e.getCause().getMessage(),
                e.getCause());
          }
          TimeUnit.MILLISECONDS.sleep(LEADER_RETRY_MILLIS);
        }
      }
    } catch (TimeoutException e) {
      throw new HeraldException(
          "the partitions of Kafka topic "
              + topic
              + " got no leader within "
              + TIMEOUT
              + "; is the cluster healthy?",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeraldException("interrupted while waiting for the leaders of " + topic, e);
    }
  }

  /** The high watermark of every partition of {@code topic}, creating it if needed. */
  Map<Integer, Long> endOffsets(String topic) {
    try {
      Map<Integer, Long> ends = new HashMap<>();
      admin
          .listOffsets(latest(topic, ensure(topic)))
          .all()
          .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
          .forEach((partition, info) -> ends.put(partition.partition(), info.offset()));
      return ends;
    } catch (ExecutionException | TimeoutException e) {
      throw new HeraldException(
          "cannot read the end offsets of Kafka topic " + topic + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeraldException("interrupted while reading the end offsets of " + topic, e);
    }
  }

  /**
   * The names of the cluster's topics, without Kafka's internal ones such as {@code
   * __consumer_offsets}.
   */
  Set<String> names() {
    ListTopicsOptions options =
        new ListTopicsOptions().listInternal(false).timeoutMs((int) TIMEOUT.toMillis());
    try {
      return Set.copyOf(
          admin.listTopics(options).names().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (ExecutionException e) {
      throw new HeraldException(
          "cannot list the topics of Kafka at "
              + settings.bootstrapServers()
              + ": "
              + e.getCause().getMessage()
              + "; check that the brokers are up and that this client may describe topics",
          e.getCause());
    } catch (TimeoutException e) {
      throw new HeraldException(
          "Kafka at "
              + settings.bootstrapServers()
              + " did not list its topics within "
              + TIMEOUT
              + "; is the cluster healthy?",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeraldException("interrupted while listing the topics of Kafka", e);
    }
  }

  /** The admin client these topics are managed with; closed by {@link #close()}. */
  Admin admin() {
    return admin;
  }

  private static Map<TopicPartition, OffsetSpec> latest(String topic, int count) {
    Map<TopicPartition, OffsetSpec> request = new HashMap<>();
    for (int partition = 0; partition < count; partition++) {
      request.put(new TopicPartition(topic, partition), OffsetSpec.latest());
    }
    return request;
  }

  private int describeOrCreate(String topic) {
    try {
      try {
        return describe(topic);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
          throw e;
        }
      }
      NewTopic newTopic =
          new NewTopic(topic, settings.partitions(), settings.replicationFactor())
              .configs(
                  Map.of(
                      TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                      Integer.toString(KafkaSettings.MAX_MESSAGE_BYTES)));
      try {
        admin.createTopics(List.of(newTopic)).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return settings.partitions();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw e;
        }
        return describeCreated(topic);
      }
    } catch (ExecutionException e) {
      throw new HeraldException(
          "cannot create or describe Kafka topic "
              + topic
              + " on "
              + settings.bootstrapServers()
              + ": "
              + e.getCause().getMessage(),
          e.getCause());
    } catch (TimeoutException e) {
      throw new HeraldException(
          "Kafka at "
              + settings.bootstrapServers()
              + " did not answer within "
              + TIMEOUT
              + " while preparing topic "
              + topic
              + "; is the broker running?",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeraldException("interrupted while preparing Kafka topic " + topic, e);
    }
  }

  /**
   * Describes a topic that another client created a moment ago. The controller knows it at once,
   * but the broker answering the describe may not yet (its metadata trails the controller's), and
   * says the topic is unknown: ask again until it knows.
   */
  private int describeCreated(String topic)
      throws ExecutionException, InterruptedException, TimeoutException {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    while (true) {
      try {
        return describe(topic);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() - deadline > 0) {
          throw e;
        }
        TimeUnit.MILLISECONDS.sleep(LEADER_RETRY_MILLIS);
      }
    }
  }

  private int describe(String topic)
      throws ExecutionException, InterruptedException, TimeoutException {
    TopicDescription description =
        admin
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
            .get(topic);
    return description.partitions().size();
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
  }
}
