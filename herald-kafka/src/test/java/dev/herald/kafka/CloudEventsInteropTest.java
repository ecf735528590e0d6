package dev.herald.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.herald.core.Delivery;
import dev.herald.core.Envelope;
import dev.herald.core.EventBus;
import dev.herald.core.EventType;
import dev.herald.core.Position;
import dev.herald.core.StartPosition;
import dev.herald.core.spi.Partitioner;
import dev.herald.core.spi.RebalanceListener;
import dev.herald.core.spi.Subscription;
import dev.herald.core.spi.Transport;
import io.cloudevents.CloudEvent;
import io.cloudevents.SpecVersion;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventFormat;
import io.cloudevents.core.message.Encoding;
import io.cloudevents.jackson.JsonFormat;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Herald and the CloudEvents Java SDK read each other's events on a real broker: Herald's binary
 * records through {@link CloudEventDeserializer}, the SDK's binary and structured records through
 * an {@link EventBus} handler. Each test uses its own topic.
 */
class CloudEventsInteropTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path brokerDirectory;
  private static EmbeddedKafka kafka;
  private Transport transport;

  @EventType(name = "interop.order.placed", key = "orderId")
  record OrderPlaced(String orderId, int amount, Instant at) {}

  @EventType(name = "interop.order.confirmed", key = "orderId")
  record OrderConfirmed(String orderId, String by) {}

  @EventType(name = "interop.payment.received", key = "orderId")
  record PaymentReceived(String orderId, long cents) {}

  @EventType(name = "interop.refund.issued", key = "orderId")
  record RefundIssued(String orderId, long cents) {}

  @EventType(name = "interop.raw.checked", key = "orderId")
  record RawChecked(String orderId) {}

  /** What a Herald handler saw: the typed event, its context's envelope and position. */
  record Handled(Object event, Envelope envelope, Position position) {}

  @BeforeAll
  static void startBroker() {
    kafka = EmbeddedKafka.start(brokerDirectory);
  }

  @AfterAll
  static void stopBroker() {
    kafka.close();
  }

  @BeforeEach
  void openTransport() {
    transport = KafkaTransports.open(kafka.bootstrapServers());
  }

  @AfterEach
  void closeTransport() {
    transport.close();
  }

  @Test
  void heraldEvents_areReadByTheCloudEventsDeserializer() throws Exception {
    Instant now = Instant.parse("2026-05-06T07:08:09.123Z");
    Clock clock = Clock.fixed(now, ZoneOffset.UTC);
    BlockingQueue<Envelope> seen = new LinkedBlockingQueue<>();
    Position placedAt;
    Envelope placedAsHandled;
    try (EventBus orders = EventBus.builder("orders").transport(transport).clock(clock).build();
        EventBus confirmer =
            EventBus.builder("confirmer").transport(transport).clock(clock).build()) {
      confirmer.on(
          OrderPlaced.class,
          (placed, context) -> {
            seen.add(context.envelope());
            context.publish(new OrderConfirmed(placed.orderId(), "robot"));
          });
      confirmer.start();
      placedAt = orders.publish(new OrderPlaced("o-1", 42, Instant.parse("2026-01-02T03:04:05Z")));
      placedAsHandled = take(seen);
    }

    List<ConsumerRecord<String, CloudEvent>> records = consumeCloudEvents("interop.order", 2);

    ConsumerRecord<String, CloudEvent> placedRecord = records.get(0);
    CloudEvent placed = placedRecord.value();
    assertThat(placedRecord.partition()).isEqualTo(placedAt.partition());
    assertThat(placedRecord.offset()).isEqualTo(placedAt.offset());
    assertThat(placedRecord.key()).isEqualTo("o-1");
    assertThat(placed.getSpecVersion()).isEqualTo(SpecVersion.V1);
    assertThat(placed.getId()).isEqualTo(placedAsHandled.id());
    assertThat(UUID.fromString(placed.getId())).hasToString(placed.getId());
    assertThat(placed.getSource()).isEqualTo(URI.create("orders"));
    assertThat(placed.getType()).isEqualTo("interop.order.placed");
    assertThat(placed.getTime()).isNotNull();
    assertThat(placed.getTime().toInstant()).isEqualTo(now);
    assertThat(placed.getSubject()).isEqualTo("o-1");
    assertThat(placed.getDataContentType()).isEqualTo("application/json");
    assertThat(placed.getDataSchema()).isEqualTo(URI.create("urn:herald:interop.order.placed:v1"));
    assertThat(placed.getExtensionNames())
        .containsExactlyInAnyOrder("correlationid", "partitionkey");
    assertThat(placed.getExtension("correlationid")).isEqualTo(placed.getId());
    assertThat(placed.getExtension("partitionkey")).isEqualTo("o-1");
    assertThat(placed.getData()).isNotNull();
    assertThat(JSON.readTree(placed.getData().toBytes()))
        .isEqualTo(
            JSON.readTree("{\"orderId\":\"o-1\",\"amount\":42,\"at\":\"2026-01-02T03:04:05Z\"}"));

    ConsumerRecord<String, CloudEvent> confirmedRecord = records.get(1);
    CloudEvent confirmed = confirmedRecord.value();
    assertThat(confirmedRecord.key()).isEqualTo("o-1");
    assertThat(confirmed.getSpecVersion()).isEqualTo(SpecVersion.V1);
    assertThat(confirmed.getId()).isNotEqualTo(placed.getId());
    assertThat(confirmed.getSource()).isEqualTo(URI.create("confirmer"));
    assertThat(confirmed.getType()).isEqualTo("interop.order.confirmed");
    assertThat(confirmed.getTime()).isNotNull();
    assertThat(confirmed.getTime().toInstant()).isEqualTo(now);
    assertThat(confirmed.getSubject()).isEqualTo("o-1");
    assertThat(confirmed.getDataContentType()).isEqualTo("application/json");
    assertThat(confirmed.getDataSchema())
        .isEqualTo(URI.create("urn:herald:interop.order.confirmed:v1"));
    assertThat(confirmed.getExtensionNames())
        .containsExactlyInAnyOrder("correlationid", "causationid", "partitionkey");
    assertThat(confirmed.getExtension("correlationid")).isEqualTo(placed.getId());
    assertThat(confirmed.getExtension("causationid")).isEqualTo(placed.getId());
    assertThat(confirmed.getExtension("partitionkey")).isEqualTo("o-1");
    assertThat(confirmed.getData()).isNotNull();
    assertThat(JSON.readTree(confirmed.getData().toBytes()))
        .isEqualTo(JSON.readTree("{\"orderId\":\"o-1\",\"by\":\"robot\"}"));
  }

  @Test
  void sdkBinaryEvents_reachAHeraldHandler() throws Exception {
    byte[] data = "{\"orderId\":\"o-5\",\"cents\":1250}".getBytes(StandardCharsets.UTF_8);
    CloudEvent full =
        CloudEventBuilder.v1()
            .withId("pay-1")
            .withSource(URI.create("https://example.com/payments"))
            .withType("interop.payment.received")
            .withTime(OffsetDateTime.parse("2026-03-04T05:06:07.5+01:00"))
            .withSubject("o-5")
            .withDataSchema(URI.create("https://example.com/schemas/payment/v1"))
            .withData("application/json", data)
            .withExtension("correlationid", "corr-1")
            .withExtension("causationid", "cause-1")
            .withExtension("partitionkey", "o-5")
            .withExtension("attempt", 3)
            .withExtension("urgent", true)
            .build();
    CloudEvent minimal =
        CloudEventBuilder.v1()
            .withId("pay-2")
            .withSource(URI.create("urn:payments"))
            .withType("interop.payment.received")
            .withData("{\"orderId\":\"o-6\",\"cents\":7}".getBytes(StandardCharsets.UTF_8))
            .build();

    Map<String, Handled> handled =
        handleSdkEvents(
            PaymentReceived.class,
            Map.of(CloudEventSerializer.ENCODING_CONFIG, Encoding.BINARY),
            List.of(
                new ProducerRecord<>("interop.payment", "o-5", full),
                new ProducerRecord<>("interop.payment", "o-6", minimal)));

    Handled first = handled.get("pay-1");
    assertThat(first.event()).isEqualTo(new PaymentReceived("o-5", 1250));
    Envelope envelope = first.envelope();
    assertThat(envelope.specVersion()).isEqualTo("1.0");
    assertThat(envelope.source()).isEqualTo("https://example.com/payments");
    assertThat(envelope.type()).isEqualTo("interop.payment.received");
    assertThat(envelope.time()).contains(Instant.parse("2026-03-04T04:06:07.5Z"));
    assertThat(envelope.subject()).contains("o-5");
    assertThat(envelope.dataContentType()).contains("application/json");
    assertThat(envelope.dataSchema())
        .contains(URI.create("https://example.com/schemas/payment/v1"));
    assertThat(envelope.extensions())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "correlationid", "corr-1",
                "causationid", "cause-1",
                "partitionkey", "o-5",
                "attempt", "3",
                "urgent", "true"));
    assertThat(envelope.data()).isEqualTo(data);
    // Kafka's default partitioner and Herald's agree, so both kinds of producer keep one key's
    // order.
    assertThat(first.position().partition())
        .isEqualTo(Partitioner.partition("o-5", transport.partitions("interop.payment")));

    Handled second = handled.get("pay-2");
    assertThat(second.event()).isEqualTo(new PaymentReceived("o-6", 7));
    assertThat(second.position().partition())
        .isEqualTo(Partitioner.partition("o-6", transport.partitions("interop.payment")));
    assertThat(second.envelope().source()).isEqualTo("urn:payments");
    assertThat(second.envelope().extensions())
        .containsExactlyInAnyOrderEntriesOf(Map.of("partitionkey", "o-6"));
    assertThat(second.envelope().time()).isEmpty();
    assertThat(second.envelope().subject()).isEmpty();
    assertThat(second.envelope().dataContentType()).isEmpty();
  }

  @Test
  void sdkStructuredEvents_reachAHeraldHandler() throws Exception {
    CloudEvent full =
        CloudEventBuilder.v1()
            .withId("ref-1")
            .withSource(URI.create("https://example.com/refunds"))
            .withType("interop.refund.issued")
            .withTime(OffsetDateTime.parse("2026-07-08T09:10:11Z"))
            .withSubject("o-7")
            .withDataSchema(URI.create("https://example.com/schemas/refund/v1"))
            .withData(
                "application/json",
                "{\"orderId\":\"o-7\",\"cents\":300}".getBytes(StandardCharsets.UTF_8))
            .withExtension("correlationid", "corr-7")
            .withExtension("causationid", "cause-7")
            .withExtension("partitionkey", "o-7")
            .withExtension("attempt", 2)
            .build();
    CloudEvent untyped =
        CloudEventBuilder.v1()
            .withId("ref-2")
            .withSource(URI.create("urn:refunds"))
            .withType("interop.refund.issued")
            .withData("{\"orderId\":\"o-8\",\"cents\":4}".getBytes(StandardCharsets.UTF_8))
            .build();

    Map<String, Handled> handled =
        handleSdkEvents(
            RefundIssued.class,
            Map.of(
                CloudEventSerializer.ENCODING_CONFIG,
                Encoding.STRUCTURED,
                CloudEventSerializer.EVENT_FORMAT_CONFIG,
                JsonFormat.CONTENT_TYPE),
            List.of(
                new ProducerRecord<>("interop.refund", "o-7", full),
                new ProducerRecord<>("interop.refund", "o-8", untyped)));

    Handled first = handled.get("ref-1");
    assertThat(first.event()).isEqualTo(new RefundIssued("o-7", 300));
    Envelope envelope = first.envelope();
    assertThat(envelope.specVersion()).isEqualTo("1.0");
    assertThat(envelope.source()).isEqualTo("https://example.com/refunds");
    assertThat(envelope.type()).isEqualTo("interop.refund.issued");
    assertThat(envelope.time()).contains(Instant.parse("2026-07-08T09:10:11Z"));
    assertThat(envelope.subject()).contains("o-7");
    assertThat(envelope.dataContentType()).contains("application/json");
    assertThat(envelope.dataSchema()).contains(URI.create("https://example.com/schemas/refund/v1"));
    assertThat(envelope.extensions())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "correlationid", "corr-7",
                "causationid", "cause-7",
                "partitionkey", "o-7",
                "attempt", "2"));
    assertThat(JSON.readTree(envelope.data()))
        .isEqualTo(JSON.readTree("{\"orderId\":\"o-7\",\"cents\":300}"));

    Handled second = handled.get("ref-2");
    assertThat(second.event()).isEqualTo(new RefundIssued("o-8", 4));
    assertThat(second.envelope().dataContentType()).contains("application/json");
    assertThat(second.envelope().extensions())
        .containsExactlyInAnyOrderEntriesOf(Map.of("partitionkey", "o-8"));
  }

  @Test
  void sdkStructuredEventsWithDataBase64_reachAHeraldHandler() throws Exception {
    EventFormat base64 = new JsonFormat().withForceJsonDataToBase64();
    CloudEvent event =
        CloudEventBuilder.v1()
            .withId("ref-3")
            .withSource(URI.create("urn:refunds"))
            .withType("interop.refund.issued")
            .withData(
                "application/json",
                "{\"orderId\":\"o-9\",\"cents\":12}".getBytes(StandardCharsets.UTF_8))
            .withExtension("partitionkey", "o-9")
            .build();
    assertThat(new String(base64.serialize(event), StandardCharsets.UTF_8))
        .as("the SDK writes data_base64 with this format")
        .contains("\"data_base64\"");

    Map<String, Handled> handled =
        handleSdkEvents(
            RefundIssued.class,
            Map.of(
                CloudEventSerializer.ENCODING_CONFIG,
                Encoding.STRUCTURED,
                CloudEventSerializer.EVENT_FORMAT_CONFIG,
                base64),
            List.of(new ProducerRecord<>("interop.refund", "o-9", event)));

    Handled handledEvent = handled.get("ref-3");
    assertThat(handledEvent.event()).isEqualTo(new RefundIssued("o-9", 12));
    assertThat(handledEvent.envelope().dataAsString())
        .isEqualTo("{\"orderId\":\"o-9\",\"cents\":12}");
  }

  @Test
  void recordsThatAreNoCloudEvents_becomeUnreadableEnvelopesAndLaterEventsFlow() throws Exception {
    String topic = "interop.raw";
    transport.partitions(topic);
    RecordHeaders brokenTime = binaryHeaders("raw-1");
    brokenTime.add("ce_time", "yesterday".getBytes(StandardCharsets.UTF_8));
    RecordHeaders structuredJunk = new RecordHeaders();
    structuredJunk.add(
        "content-type", "application/cloudevents+json".getBytes(StandardCharsets.UTF_8));
    List<ProducerRecord<byte[], byte[]>> records =
        List.of(
            raw(topic, new RecordHeaders(), "just some bytes"),
            raw(topic, brokenTime, "{\"orderId\":\"o-1\"}"),
            raw(topic, structuredJunk, "{oops"),
            raw(topic, binaryHeaders("raw-2"), "{\"orderId\":\"o-2\"}"));
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(producerProperties(ByteArraySerializer.class, Map.of()))) {
      for (ProducerRecord<byte[], byte[]> record : records) {
        var unused = producer.send(record).get(WAIT.toSeconds(), TimeUnit.SECONDS);
      }
    }

    List<Delivery> deliveries = new ArrayList<>();
    try (Subscription subscription =
        transport.subscribe(
            topic, "raw-reader", StartPosition.earliest(), RebalanceListener.none())) {
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (deliveries.size() < records.size() && System.nanoTime() < deadline) {
        deliveries.addAll(subscription.poll(Duration.ofMillis(200)));
      }
    }

    assertThat(deliveries)
        .extracting(delivery -> delivery.envelope().type())
        .containsExactly(
            KafkaBinding.UNREADABLE_TYPE,
            KafkaBinding.UNREADABLE_TYPE,
            KafkaBinding.UNREADABLE_TYPE,
            "interop.raw.checked");
    assertThat(deliveries).extracting(delivery -> delivery.position().partition()).containsOnly(0);
    assertThat(deliveries)
        .extracting(delivery -> delivery.position().offset())
        .containsExactly(0L, 1L, 2L, 3L);
    assertThat(deliveries.get(0).envelope().id()).isEqualTo("kafka-interop.raw-0-0");
    assertThat(deliveries.get(0).envelope().source()).isEqualTo("kafka://interop.raw");
    assertThat(deliveries.get(0).envelope().dataAsString()).isEqualTo("just some bytes");
    assertThat(reason(deliveries.get(0))).contains("no ce_specversion header");
    assertThat(reason(deliveries.get(1))).contains("ce_time 'yesterday'", "RFC 3339");
    assertThat(deliveries.get(1).envelope().dataAsString()).isEqualTo("{\"orderId\":\"o-1\"}");
    assertThat(reason(deliveries.get(2))).contains("not valid JSON");
    assertThat(deliveries.get(3).envelope().id()).isEqualTo("raw-2");
    assertThat(deliveries.get(3).envelope().partitionKey()).contains("k");

    BlockingQueue<RawChecked> handled = new LinkedBlockingQueue<>();
    try (EventBus checker = EventBus.builder("checker").transport(transport).build()) {
      checker.on(RawChecked.class, (checked, context) -> handled.add(checked));
      checker.start();
      assertThat(take(handled)).isEqualTo(new RawChecked("o-2"));
    }
  }

  private static String reason(Delivery delivery) {
    return delivery.envelope().extension(KafkaBinding.UNREADABLE_REASON).orElseThrow();
  }

  private static RecordHeaders binaryHeaders(String id) {
    RecordHeaders headers = new RecordHeaders();
    headers.add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
    headers.add("ce_id", id.getBytes(StandardCharsets.UTF_8));
    headers.add("ce_source", "raw-producer".getBytes(StandardCharsets.UTF_8));
    headers.add("ce_type", "interop.raw.checked".getBytes(StandardCharsets.UTF_8));
    return headers;
  }

  private static ProducerRecord<byte[], byte[]> raw(
      String topic, RecordHeaders headers, String value) {
    return new ProducerRecord<>(
        topic,
        0,
        "k".getBytes(StandardCharsets.UTF_8),
        value.getBytes(StandardCharsets.UTF_8),
        headers);
  }

  /**
   * Sends {@code records} with the SDK's serializer configured by {@code serializerConfig}, and
   * returns what one Herald handler for {@code type} saw, by CloudEvent id.
   */
  private <E> Map<String, Handled> handleSdkEvents(
      Class<E> type,
      Map<String, Object> serializerConfig,
      List<ProducerRecord<String, CloudEvent>> records)
      throws Exception {
    BlockingQueue<Handled> seen = new LinkedBlockingQueue<>();
    Map<String, Handled> byId = new HashMap<>();
    try (EventBus bus =
        EventBus.builder("reader-" + UUID.randomUUID()).transport(transport).build()) {
      bus.on(
          type,
          (event, context) -> seen.add(new Handled(event, context.envelope(), context.position())));
      bus.start();
      try (KafkaProducer<String, CloudEvent> producer =
          new KafkaProducer<>(producerProperties(CloudEventSerializer.class, serializerConfig))) {
        for (ProducerRecord<String, CloudEvent> record : records) {
          var unused = producer.send(record).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
      }
      // The group starts at the earliest offset, so events of earlier tests on the topic come too.
      List<String> ids = records.stream().map(record -> record.value().getId()).toList();
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!byId.keySet().containsAll(ids) && System.nanoTime() < deadline) {
        Handled handled = take(seen);
        byId.put(handled.envelope().id(), handled);
      }
      assertThat(byId).as("handled within %s", WAIT).containsKeys(ids.toArray(String[]::new));
    }
    return byId;
  }

  private static Map<String, Object> producerProperties(
      Class<?> valueSerializer, Map<String, Object> more) {
    Map<String, Object> p = new HashMap<>(more);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, keySerializer(valueSerializer));
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, valueSerializer);
    return p;
  }

  private static Class<?> keySerializer(Class<?> valueSerializer) {
    return valueSerializer == ByteArraySerializer.class
        ? ByteArraySerializer.class
        : StringSerializer.class;
  }

  /** Reads {@code count} records of {@code topic} from the start with the SDK's deserializer. */
  private static List<ConsumerRecord<String, CloudEvent>> consumeCloudEvents(
      String topic, int count) {
    Map<String, Object> p = new HashMap<>();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
    p.put(ConsumerConfig.GROUP_ID_CONFIG, "sdk-reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, CloudEventDeserializer.class);
    List<ConsumerRecord<String, CloudEvent>> records = new ArrayList<>();
    try (KafkaConsumer<String, CloudEvent> consumer = new KafkaConsumer<>(p)) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (records.size() < count && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    assertThat(records).as("records read from %s within %s", topic, WAIT).hasSize(count);
    return records;
  }

  private static <T> T take(BlockingQueue<T> queue) throws InterruptedException {
    T value = queue.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertThat(value).as("nothing arrived within %s", WAIT).isNotNull();
    return value;
  }
}
