package dev.herald.kafka;

import dev.herald.core.Delivery;
import dev.herald.core.HeraldException;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code KafkaConsumer} in a Kafka consumer group of the Herald group's name. Auto-commit is
 * off: offsets are committed only when the consumer runtime says so. Partitions move with the
 * cooperative-sticky assignor, and Herald's listener runs inside Kafka's rebalance callbacks, so
 * in-flight events are finished and committed before a partition leaves.
 */
final class KafkaSubscription implements Subscription {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSubscription.class);
  private static final AtomicInteger CLIENTS = new AtomicInteger();

  private final String topic;
  private final StartPosition start;
  private final RebalanceListener listener;
  private final Consumer<KafkaSubscription> onClose;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private boolean closed;

  KafkaSubscription(
      KafkaSettings settings,
      String topic,
      String group,
      StartPosition start,
      RebalanceListener listener,
      Consumer<KafkaSubscription> onClose) {
    this.topic = topic;
    this.start = start;
    this.listener = listener;
    this.onClose = onClose;
    this.consumer = new KafkaConsumer<>(consumerProperties(settings, group, start));
    consumer.subscribe(List.of(topic), new Rebalance());
  }

  static Properties consumerProperties(KafkaSettings settings, String group, StartPosition start) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "herald-" + group + "-" + CLIENTS.incrementAndGet());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(
        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
        start instanceof StartPosition.Latest ? "latest" : "earliest");
    p.put(
        ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
        CooperativeStickyAssignor.class.getName());
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "500");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.putAll(settings.consumer());
    return p;
  }

  @Override
  public List<Delivery> poll(Duration timeout) {
    if (closed) {
      return List.of();
    }
    try {
      ConsumerRecords<byte[], byte[]> records = consumer.poll(timeout);
      List<Delivery> batch = new ArrayList<>(records.count());
      for (ConsumerRecord<byte[], byte[]> record : records) {
        batch.add(
            new Delivery(
                KafkaBinding.envelope(
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    record.key(),
                    record.headers(),
                    record.value()),
                record.topic(),
                record.partition(),
                record.offset()));
      }
      return batch;
    } catch (WakeupException e) {
      return List.of();
    }
  }

  @Override
  public void commit(Map<Integer, Long> nextOffsets) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
    Set<TopicPartition> owned = consumer.assignment();
    nextOffsets.forEach(
        (partition, offset) -> {
          TopicPartition tp = new TopicPartition(topic, partition);
          if (owned.contains(tp)) {
            offsets.put(tp, new OffsetAndMetadata(offset));
          }
        });
    if (offsets.isEmpty()) {
      return;
    }
    try {
      consumer.commitSync(offsets);
    } catch (CommitFailedException | RebalanceInProgressException e) {
      // The group moved on; the events are delivered again to the new owner (at least once).
      LOG.info(
          "commit of {} for {} was refused during a rebalance: {}", offsets, topic, e.getMessage());
    } catch (WakeupException e) {
      consumer.commitSync(offsets); // a wakeup meant for poll; the commit must still happen
    }
  }

  @Override
  public void seek(int partition, long offset) {
    TopicPartition tp = new TopicPartition(topic, partition);
    if (consumer.assignment().contains(tp)) {
      consumer.seek(tp, Math.max(0, offset));
    }
  }

  @Override
  public void pause(Collection<Integer> partitions) {
    consumer.pause(owned(partitions));
  }

  @Override
  public void resume(Collection<Integer> partitions) {
    consumer.resume(owned(partitions));
  }

  @Override
  public Set<Integer> assignment() {
    Set<Integer> partitions = new TreeSet<>();
    consumer.assignment().forEach(tp -> partitions.add(tp.partition()));
    return partitions;
  }

  @Override
  public void wakeup() {
    consumer.wakeup();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      consumer.close(CloseOptions.timeout(Duration.ofSeconds(10)));
    } catch (RuntimeException e) {
      LOG.warn("closing the Kafka consumer of {} failed: {}", topic, e.toString());
    }
    onClose.accept(this);
  }

  private List<TopicPartition> owned(Collection<Integer> partitions) {
    Set<TopicPartition> assigned = consumer.assignment();
    List<TopicPartition> owned = new ArrayList<>();
    for (int partition : partitions) {
      TopicPartition tp = new TopicPartition(topic, partition);
      if (assigned.contains(tp)) {
        owned.add(tp);
      }
    }
    return owned;
  }

  private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
    Set<Integer> numbers = new TreeSet<>();
    partitions.forEach(tp -> numbers.add(tp.partition()));
    return numbers;
  }

  /** Bridges Kafka's rebalance callbacks to Herald's listener; runs inside {@code poll}. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty()) {
        return;
      }
      if (start instanceof StartPosition.AtOffset at) {
        seekUncommitted(partitions, at.offset());
      }
      listener.onAssigned(numbers(partitions));
    }

    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (!partitions.isEmpty()) {
        listener.onRevoked(numbers(partitions));
      }
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      // Already owned by others: finish in-flight events; their commits will be refused.
      onPartitionsRevoked(partitions);
    }

    private void seekUncommitted(Collection<TopicPartition> partitions, long offset) {
      Map<TopicPartition, OffsetAndMetadata> committed;
      try {
        committed = consumer.committed(Set.copyOf(partitions), Duration.ofSeconds(30));
      } catch (RuntimeException e) {
        throw new HeraldException("cannot read committed offsets of " + topic + ": " + e, e);
      }
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
      for (TopicPartition tp : partitions) {
        if (committed.get(tp) == null) {
          consumer.seek(tp, Math.min(offset, ends.getOrDefault(tp, offset)));
        }
      }
    }
  }
}
