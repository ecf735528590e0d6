package dev.herald.kafka;

import dev.herald.core.HeraldException;
import dev.herald.core.spi.CommittedOffsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;

/**
 * Reads what every consumer group of a Kafka cluster has committed, with the admin client: lists
 * the consumer groups (classic and new protocol, whoever created them), then fetches their offsets
 * in one request per coordinator. Each call takes at most 30 seconds. Thread-safe.
 */
final class KafkaGroupOffsets {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Admin admin;
  private final String bootstrapServers;

  KafkaGroupOffsets(Admin admin, String bootstrapServers) {
    this.admin = admin;
    this.bootstrapServers = bootstrapServers;
  }

  /**
   * One entry per group and topic with committed offsets, ordered by group, then topic.
   *
   * @throws HeraldException if Kafka does not answer within the timeout or refuses
   */
  List<CommittedOffsets> all() {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    Collection<GroupListing> groups =
        await(
            admin.listGroups(ListGroupsOptions.forConsumerGroups().timeoutMs(millis())).all(),
            deadline,
            "list the consumer groups");
    if (groups.isEmpty()) {
      return List.of();
    }
    Map<String, ListConsumerGroupOffsetsSpec> request = new TreeMap<>();
    groups.forEach(g -> request.put(g.groupId(), new ListConsumerGroupOffsetsSpec()));
    ListConsumerGroupOffsetsResult result =
        admin.listConsumerGroupOffsets(
            request, new ListConsumerGroupOffsetsOptions().timeoutMs(millis()));
    List<CommittedOffsets> all = new ArrayList<>();
    for (String group : request.keySet()) {
      Map<TopicPartition, OffsetAndMetadata> offsets;
      try {
        offsets =
            await(
                result.partitionsToOffsetAndMetadata(group),
                deadline,
                "read the offsets of consumer group " + group);
      } catch (HeraldException e) {
        if (e.getCause() instanceof GroupIdNotFoundException) {
          continue; // deleted since it was listed
        }
        throw e;
      }
      all.addAll(byTopic(group, offsets));
    }
    return List.copyOf(all);
  }

  private static List<CommittedOffsets> byTopic(
      String group, Map<TopicPartition, OffsetAndMetadata> offsets) {
    Map<String, Map<Integer, Long>> byTopic = new TreeMap<>();
    offsets.forEach(
        (partition, committed) -> {
          // Kafka may list a partition without an offset: there is nothing committed to show
          if (committed != null) {
            byTopic
                .computeIfAbsent(partition.topic(), t -> new HashMap<>())
                .put(partition.partition(), committed.offset());
          }
        });
    List<CommittedOffsets> entries = new ArrayList<>();
    byTopic.forEach(
        (topic, partitions) -> entries.add(new CommittedOffsets(group, topic, partitions)));
    return entries;
  }

  private static int millis() {
    return (int) TIMEOUT.toMillis();
  }

  private <T> T await(KafkaFuture<T> future, long deadline, String what) {
    long left = Math.max(0, deadline - System.nanoTime());
    try {
      return future.get(left, TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new HeraldException(
          "cannot "
              + what
              + " on Kafka at "
              + bootstrapServers
              + ": "
              + e.getCause().getMessage()
              + "; check that the brokers are up and that this client may describe groups",
          e.getCause());
    } catch (TimeoutException e) {
      throw new HeraldException(
          "Kafka at "
              + bootstrapServers
              + " did not answer within "
              + TIMEOUT
              + " when asked to "
              + what
              + "; is the cluster healthy?",
          e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HeraldException("interrupted while waiting for Kafka to " + what, e);
    }
  }
}
