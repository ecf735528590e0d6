package dev.herald.bench;

import dev.herald.core.StartPosition;
import dev.herald.kafka.KafkaSettings;
import dev.herald.kafka.KafkaTransports;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The session of a side that uses kafka-clients directly ({@link RawSide}, {@link
 * CloudEventsSide}): a plain {@link KafkaProducer}, and a plain {@link KafkaConsumer} poll loop on
 * its own thread that handles each record inline and commits asynchronously at Herald's commit
 * interval. Both clients get Herald's properties ({@link KafkaTransports#producerProperties},
 * {@link KafkaTransports#consumerProperties}) with only the side's (de)serializers put over them.
 */
final class ClientSession<K, V> implements Side.Session {
  /** Herald's consumer runtime commits at most this often; the baselines do the same. */
  static final Duration COMMIT_INTERVAL = Duration.ofMillis(200);

  /** The poll timeout of Herald's consumer runtime. */
  static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

  /** What one side puts on the wire and how it reads it back. */
  interface Wire<K, V> {
    /** Producer properties that replace Herald's: the (de)serializers, nothing else. */
    Map<String, Object> serializers();

    /** Consumer properties that replace Herald's: the deserializers, nothing else. */
    Map<String, Object> deserializers();

    /**
     * The record that carries {@code sequence} and {@code sentNanos} for key number {@code key}.
     */
    ProducerRecord<K, V> record(String topic, int key, long sequence, long sentNanos);

    /** Reads the sequence and send time out of a received value and tells {@code receipts}. */
    void received(V value, Receipts receipts);
  }

  private final String topic;
  private final Wire<K, V> wire;
  private final KafkaProducer<K, V> producer;
  private final KafkaConsumer<K, V> consumer;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final Thread poller;
  private volatile Receipts receipts = new Receipts(0);

  private ClientSession(
      String side,
      String topic,
      Wire<K, V> wire,
      KafkaProducer<K, V> producer,
      KafkaConsumer<K, V> consumer) {
    this.topic = topic;
    this.wire = wire;
    this.producer = producer;
    this.consumer = consumer;
    this.poller =
        Thread.ofPlatform().daemon().name("bench-" + side + "-" + topic).unstarted(this::poll);
  }

  /**
   * Starts the producer and the consumer (in group {@code group}, subscribed to {@code topic}) of
   * side {@code side}, with Herald's client settings and the wire's (de)serializers.
   */
  static <K, V> ClientSession<K, V> open(
      String side, KafkaSettings settings, String topic, String group, Wire<K, V> wire) {
    Properties producerProperties = KafkaTransports.producerProperties(settings);
    producerProperties.putAll(wire.serializers());
    Properties consumerProperties =
        KafkaTransports.consumerProperties(settings, group, StartPosition.earliest());
    consumerProperties.putAll(wire.deserializers());
    KafkaProducer<K, V> producer = new KafkaProducer<>(producerProperties);
    KafkaConsumer<K, V> consumer;
    try {
      consumer = new KafkaConsumer<>(consumerProperties);
      consumer.subscribe(List.of(topic));
    } catch (RuntimeException e) {
      producer.close();
      throw e;
    }
    ClientSession<K, V> session = new ClientSession<>(side, topic, wire, producer, consumer);
    session.poller.start();
    return session;
  }

  private void poll() {
    long lastCommit = System.nanoTime();
    try {
      while (!stopping.get()) {
        for (ConsumerRecord<K, V> record : consumer.poll(POLL_TIMEOUT)) {
          wire.received(record.value(), receipts);
        }
        if (System.nanoTime() - lastCommit >= COMMIT_INTERVAL.toNanos()) {
          consumer.commitAsync();
          lastCommit = System.nanoTime();
        }
      }
    } catch (WakeupException e) {
      // close() asked the loop to stop
    } finally {
      consumer.close();
    }
  }

  @Override
  public void send(int key, long sequence, long sentNanos, Side.Acks acks) {
    ProducerRecord<K, V> record = wire.record(topic, key, sequence, sentNanos);
    var unused = producer.send(record, (metadata, error) -> acks.completed(error));
  }

  @Override
  public void deliverTo(Receipts receipts) {
    this.receipts = receipts;
  }

  @Override
  public void close() {
    stopping.set(true);
    consumer.wakeup();
    try {
      poller.join(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close();
  }
}
