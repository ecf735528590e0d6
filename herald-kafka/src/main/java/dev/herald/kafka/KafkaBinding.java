package dev.herald.kafka;

import dev.herald.core.Envelope;
import dev.herald.core.InvalidEnvelopeException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The CloudEvents Kafka protocol binding, binary content mode: attributes as {@code ce_} headers,
 * {@code datacontenttype} as {@code content-type}, the data as the record value, and the partition
 * key as the record key. Any CloudEvents-aware Kafka client reads what Herald writes, and Herald
 * reads what they write in binary mode.
 */
final class KafkaBinding {
  static final String PREFIX = "ce_";
  static final String CONTENT_TYPE = "content-type";

  /** Type of the envelope a record that is no valid CloudEvent turns into. */
  static final String UNREADABLE_TYPE = "herald.unreadable";

  /** Extension of such an envelope that says why the record could not be read. */
  static final String UNREADABLE_REASON = "heraldreason";

  private KafkaBinding() {}

  static Headers headers(Envelope envelope) {
    RecordHeaders headers = new RecordHeaders();
    add(headers, "specversion", envelope.specVersion());
    add(headers, "id", envelope.id());
    add(headers, "source", envelope.source());
    add(headers, "type", envelope.type());
    envelope.time().ifPresent(time -> add(headers, "time", time.toString()));
    envelope.subject().ifPresent(subject -> add(headers, "subject", subject));
    envelope.dataSchema().ifPresent(schema -> add(headers, "dataschema", schema.toString()));
    envelope
        .dataContentType()
        .ifPresent(type -> headers.add(CONTENT_TYPE, type.getBytes(StandardCharsets.UTF_8)));
    envelope.extensions().forEach((name, value) -> add(headers, name, value));
    return headers;
  }

  static byte[] key(Envelope envelope) {
    return envelope.partitionKey().map(k -> k.getBytes(StandardCharsets.UTF_8)).orElse(null);
  }

  /**
   * The envelope a record carries. A record that is not a valid CloudEvent in binary mode becomes
   * an envelope of type {@value #UNREADABLE_TYPE} with the reason, so that it can be parked instead
   * of stopping its partition.
   */
  static Envelope envelope(
      String topic, int partition, long offset, byte[] key, Headers headers, byte[] value) {
    byte[] data = value == null ? new byte[0] : value;
    try {
      return read(key, headers, data);
    } catch (InvalidEnvelopeException | DateTimeParseException | IllegalArgumentException e) {
      return Envelope.builder()
          .id("kafka-" + topic + "-" + partition + "-" + offset)
          .source("kafka://" + topic)
          .type(UNREADABLE_TYPE)
          .extension(UNREADABLE_REASON, truncate(e.getMessage()))
          .data(data)
          .build();
    }
  }

  private static Envelope read(byte[] key, Headers headers, byte[] data) {
    Envelope.Builder builder = Envelope.builder().data(data);
    String specVersion = null;
    for (Header header : headers) {
      String value =
          header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
      String name = header.key();
      if (name.equals(CONTENT_TYPE)) {
        builder.dataContentType(value);
        continue;
      }
      if (!name.startsWith(PREFIX)) {
        continue;
      }
      String attribute = name.substring(PREFIX.length());
      switch (attribute) {
        case "specversion" -> specVersion = value;
        case "id" -> builder.id(value);
        case "source" -> builder.source(value);
        case "type" -> builder.type(value);
        case "time" -> builder.time(parseTime(value));
        case "subject" -> builder.subject(value);
        case "dataschema" -> builder.dataSchema(URI.create(value));
        default -> builder.extension(attribute, value);
      }
    }
    if (!Envelope.SPEC_VERSION.equals(specVersion)) {
      throw new IllegalArgumentException(
          "record is no CloudEvent 1.0 in binary mode: ce_specversion is " + specVersion);
    }
    Envelope envelope = builder.build();
    if (envelope.partitionKey().isEmpty() && key != null) {
      return envelope.toBuilder()
          .extension(Envelope.PARTITION_KEY, new String(key, StandardCharsets.UTF_8))
          .build();
    }
    return envelope;
  }

  private static Instant parseTime(String value) {
    return OffsetDateTime.parse(value).toInstant();
  }

  private static void add(Headers headers, String attribute, String value) {
    headers.add(PREFIX + attribute, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String truncate(String text) {
    String message = text == null ? "unknown" : text;
    return message.length() > 1000 ? message.substring(0, 1000) : message;
  }

  /** For tests: the headers as a map of strings. */
  static Map<String, String> asMap(Headers headers) {
    Map<String, String> map = new java.util.TreeMap<>();
    for (Header header : headers) {
      map.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
    }
    return map;
  }
}
