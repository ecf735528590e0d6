package dev.herald.bench;

import dev.herald.core.StartPosition;
import dev.herald.kafka.KafkaSettings;
import dev.herald.kafka.KafkaTransports;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The baseline: a plain {@link KafkaProducer} sending the event bytes, and a plain {@link
 * KafkaConsumer} poll loop on its own thread that handles each record inline and commits
 * asynchronously at Herald's commit interval. Both clients get exactly Herald's properties ({@link
 * KafkaTransports#producerProperties}, {@link KafkaTransports#consumerProperties}).
 */
record RawSide(KafkaSettings settings) implements Side {
  /** Herald's consumer runtime commits at most this often; the baseline does the same. */
  static final Duration COMMIT_INTERVAL = Duration.ofMillis(200);

  /** The poll timeout of Herald's consumer runtime. */
  static final Duration POLL_TIMEOUT = Duration.ofMillis(100);

  @Override
  public String name() {
    return "raw";
  }

  @Override
  public Session open(String topic, String group, Payloads payloads) {
    KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(KafkaTransports.producerProperties(settings));
    KafkaConsumer<byte[], byte[]> consumer;
    try {
      consumer =
          new KafkaConsumer<>(
              KafkaTransports.consumerProperties(settings, group, StartPosition.earliest()));
      consumer.subscribe(List.of(topic));
    } catch (RuntimeException e) {
      producer.close();
      throw e;
    }
    RawSession session = new RawSession(topic, payloads, producer, consumer);
    session.poller.start();
    return session;
  }

  private static final class RawSession implements Session {
    private final String topic;
    private final Payloads payloads;
    private final KafkaProducer<byte[], byte[]> producer;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final Thread poller;
    private volatile Receipts receipts = new Receipts(0);

    RawSession(
        String topic,
        Payloads payloads,
        KafkaProducer<byte[], byte[]> producer,
        KafkaConsumer<byte[], byte[]> consumer) {
      this.topic = topic;
      this.payloads = payloads;
      this.producer = producer;
      this.consumer = consumer;
      this.poller = Thread.ofPlatform().daemon().name("bench-raw-" + topic).unstarted(this::poll);
    }

    private void poll() {
      long lastCommit = System.nanoTime();
      try {
        while (!stopping.get()) {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL_TIMEOUT)) {
            byte[] value = record.value();
            receipts.received(Payloads.rawSequence(value), Payloads.rawSentNanos(value));
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
    public void send(int key, long sequence, long sentNanos, Acks acks) {
      ProducerRecord<byte[], byte[]> record =
          new ProducerRecord<>(topic, payloads.rawKey(key), payloads.raw(sequence, sentNanos));
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
}
