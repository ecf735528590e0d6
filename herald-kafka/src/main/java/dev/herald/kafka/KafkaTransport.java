package dev.herald.kafka;

import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import dev.herald.core.Position;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.AppendChecks;
import dev.herald.core.spi.CommittedOffsets;
import dev.herald.core.spi.Features;
import dev.herald.core.spi.Names;
import dev.herald.core.spi.Partitioner;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Topics on Apache Kafka. One idempotent producer (acks=all) is shared by all publishers; each
 * subscription is one {@code KafkaConsumer} in the Herald group of the same name. Topics are
 * created on first use by {@link KafkaTopics}.
 */
final class KafkaTransport implements Transport {
  private static final AtomicInteger CLIENTS = new AtomicInteger();

  private final KafkaSettings settings;
  private final KafkaTopics topics;
  private final KafkaGroupOffsets groupOffsets;
  private final KafkaProducer<byte[], byte[]> producer;
  private final List<KafkaSubscription> subscriptions = new ArrayList<>();
  private final Map<String, Boolean> closed = new ConcurrentHashMap<>();

  KafkaTransport(KafkaSettings settings) {
    this.settings = settings;
    this.topics = new KafkaTopics(settings);
    this.groupOffsets = new KafkaGroupOffsets(topics.admin(), settings.bootstrapServers());
    try {
      this.producer = new KafkaProducer<>(producerProperties(settings));
    } catch (RuntimeException e) {
      topics.close();
      throw new HeraldException(
          "cannot create a Kafka producer for "
              + settings.bootstrapServers()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  static Properties producerProperties(KafkaSettings settings) {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "herald-producer-" + CLIENTS.incrementAndGet());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(64 * 1024));
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(
        ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(KafkaSettings.MAX_MESSAGE_BYTES));
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.putAll(settings.producer());
    return p;
  }

  @Override
  public Features features() {
    return new Features(true, true, KafkaSettings.MAX_EVENT_BYTES);
  }

  @Override
  public CompletableFuture<List<Position>> append(String topic, List<Envelope> envelopes) {
    Names.check("topic", topic);
    HeraldException oversized =
        AppendChecks.oversized(envelopes, KafkaSettings.MAX_EVENT_BYTES, "Kafka");
    if (oversized != null) {
      return CompletableFuture.failedFuture(oversized);
    }
    int partitions = topics.ensure(topic);
    if (envelopes.size() == 1) {
      return send(topic, partitions, envelopes.get(0)).thenApply(List::of);
    }
    List<CompletableFuture<Position>> sent = new ArrayList<>(envelopes.size());
    for (Envelope envelope : envelopes) {
      sent.add(send(topic, partitions, envelope));
    }
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new))
        .thenApply(done -> sent.stream().map(CompletableFuture::join).toList());
  }

  private CompletableFuture<Position> send(String topic, int partitions, Envelope envelope) {
    int partition = Partitioner.partition(envelope.partitionKey().orElse(null), partitions);
    Long timestamp = envelope.time().map(time -> time.toEpochMilli()).orElse(null);
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(
            topic,
            partition,
            timestamp,
            KafkaBinding.key(envelope),
            envelope.data(),
            KafkaBinding.headers(envelope));
    CompletableFuture<Position> result = new CompletableFuture<>();
    try {
      var unused =
          producer.send(
              record,
              (metadata, error) -> {
                if (error != null) {
                  result.completeExceptionally(
                      new HeraldException(
                          "Kafka did not store event "
                              + envelope.id()
                              + " on "
                              + topic
                              + ": "
                              + error.getMessage(),
                          error));
                } else {
                  result.complete(new Position(topic, metadata.partition(), metadata.offset()));
                }
              });
    } catch (RuntimeException e) {
      result.completeExceptionally(
          new HeraldException("cannot send event " + envelope.id() + " to Kafka: " + e, e));
    }
    return result;
  }

  /** The high watermark of every partition, from the brokers. */
  @Override
  public Optional<Map<Integer, Long>> endOffsets(String topic) {
    return Optional.of(topics.endOffsets(Names.check("topic", topic)));
  }

  @Override
  public int partitions(String topic) {
    return topics.ensure(Names.check("topic", topic));
  }

  /** The cluster's topics, Herald's or not, without Kafka's internal ones. */
  @Override
  public Optional<Set<String>> topics() {
    checkOpen();
    return Optional.of(topics.names());
  }

  /** The committed offsets of every consumer group of the cluster, Herald's or not. */
  @Override
  public Optional<List<CommittedOffsets>> committedOffsets() {
    checkOpen();
    return Optional.of(groupOffsets.all());
  }

  private void checkOpen() {
    if (closed.containsKey("closed")) {
      throw new HeraldException("the Kafka transport is closed; open a new one");
    }
  }

  @Override
  public Subscription subscribe(
      String topic, String group, StartPosition start, RebalanceListener listener) {
    Names.check("topic", topic);
    Names.check("consumer group", group);
    topics.ensure(topic);
    KafkaSubscription subscription =
        new KafkaSubscription(settings, topic, group, start, listener, this::forget);
    synchronized (subscriptions) {
      subscriptions.add(subscription);
    }
    return subscription;
  }

  private void forget(KafkaSubscription subscription) {
    synchronized (subscriptions) {
      subscriptions.remove(subscription);
    }
  }

  @Override
  public void close() {
    if (closed.putIfAbsent("closed", Boolean.TRUE) != null) {
      return;
    }
    List<KafkaSubscription> open;
    synchronized (subscriptions) {
      open = List.copyOf(subscriptions);
    }
    open.forEach(KafkaSubscription::close);
    producer.close();
    topics.close();
  }
}
