package dev.herald.kafka;

import dev.herald.core.Envelope;
import dev.herald.core.InvalidEnvelopeException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The CloudEvents Kafka protocol binding. Herald writes binary content mode: attributes as {@code
 * ce_} headers, {@code datacontenttype} as {@code content-type}, the data as the record value, and
 * the partition key as the record key. Any CloudEvents-aware Kafka client reads what Herald writes,
 * and Herald reads what they write in binary mode or in structured mode with the JSON format (read
 * by {@link KafkaStructuredReader}).
 */
final class KafkaBinding {
  static final String PREFIX = "ce_";
  static final String CONTENT_TYPE = "content-type";

  /** Type of the envelope a record that is no valid CloudEvent turns into. */
  static final String UNREADABLE_TYPE = "herald.unreadable";

  /** Extension of such an envelope that says why the record could not be read. */
  static final String UNREADABLE_REASON = "heraldreason";

  /** Largest data an envelope holds; a larger record becomes an unreadable envelope without it. */
  private static final int MAX_UNREADABLE_DATA = 16 * 1024 * 1024;

  // Data schemas repeat (one per event type and version); parsing each as a URI on every record
  // costs more than the rest of the header.
  private static final int MAX_KNOWN_URIS = 10_000;
  private static final Map<String, URI> KNOWN_URIS = new ConcurrentHashMap<>();

  private KafkaBinding() {}

  static Headers headers(Envelope envelope) {
    RecordHeaders headers = new RecordHeaders();
    add(headers, "specversion", envelope.specVersion());
    add(headers, "id", envelope.id());
    add(headers, "source", envelope.source());
    add(headers, "type", envelope.type());
    envelope.time().ifPresent(time -> add(headers, "time", Rfc3339.format(time)));
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
   * The envelope a record carries, in binary mode (a {@code ce_specversion} header) or in
   * structured mode with the JSON format (content-type {@code application/cloudevents+json}).
   * Without a partition key extension, the record key is the partition key. A record that is no
   * valid CloudEvent becomes an envelope of type {@value #UNREADABLE_TYPE} with the reason, so that
   * it can be parked instead of stopping its partition.
   */
  static Envelope envelope(
      String topic, int partition, long offset, byte[] key, Headers headers, byte[] value) {
    byte[] data = value == null ? new byte[0] : value;
    try {
      Envelope envelope = read(headers, data).build();
      return envelope.partitionKey().isPresent() || key == null ? envelope : withKey(envelope, key);
    } catch (RuntimeException e) {
      // Whatever is wrong with the record, poll must hand on an envelope: throwing here would
      // lose the rest of the batch, whose positions the consumer has already passed.
      return unreadable(topic, partition, offset, data, e.getMessage());
    }
  }

  private static Envelope unreadable(
      String topic, int partition, long offset, byte[] data, String reason) {
    Envelope.Builder builder =
        Envelope.builder()
            .id("kafka-" + topic + "-" + partition + "-" + offset)
            .source("kafka://" + topic)
            .type(UNREADABLE_TYPE);
    if (data.length > MAX_UNREADABLE_DATA) {
      return builder
          .extension(
              UNREADABLE_REASON,
              truncate(
                  "record value of "
                      + data.length
                      + " bytes is larger than an envelope holds"
                      + " (it stays in Kafka at this offset); "
                      + reason))
          .build();
    }
    return builder.extension(UNREADABLE_REASON, truncate(reason)).data(data).build();
  }

  // A key too long for an extension value leaves the event without one rather than unreadable.
  private static Envelope withKey(Envelope envelope, byte[] key) {
    try {
      return envelope.toBuilder()
          .extension(Envelope.PARTITION_KEY, new String(key, StandardCharsets.UTF_8))
          .build();
    } catch (InvalidEnvelopeException e) {
      return envelope;
    }
  }

  // Binary mode first: a Herald envelope whose own data is a structured CloudEvent has the
  // content-type application/cloudevents+json and ce_ headers, and must read back as it was.
  private static Envelope.Builder read(Headers headers, byte[] data) {
    Envelope.Builder binary = readBinary(headers, data);
    if (binary != null) {
      return binary;
    }
    Header contentType = headers.lastHeader(CONTENT_TYPE);
    if (contentType != null && KafkaStructuredReader.isStructured(text(contentType))) {
      return KafkaStructuredReader.read(text(contentType), data);
    }
    throw new IllegalArgumentException(
        "record is no CloudEvent: it has no ce_specversion header (binary mode) and its"
            + " content-type is not "
            + KafkaStructuredReader.JSON_FORMAT
            + " (structured mode)");
  }

  /** The attributes of a binary-mode record, or null when it has no {@code ce_specversion}. */
  private static Envelope.Builder readBinary(Headers headers, byte[] data) {
    Envelope.Builder builder = Envelope.builder().data(data);
    String specVersion = null;
    for (Header header : headers) {
      String name = header.key();
      switch (name) {
        case CONTENT_TYPE -> builder.dataContentType(text(header));
        case "ce_specversion" -> specVersion = text(header);
        case "ce_id" -> builder.id(text(header));
        case "ce_source" -> builder.source(text(header));
        case "ce_type" -> builder.type(text(header));
        case "ce_time" -> builder.time(parseTime(name, text(header)));
        case "ce_subject" -> builder.subject(text(header));
        case "ce_dataschema" -> builder.dataSchema(parseUri(name, text(header)));
        default -> {
          if (name.startsWith(PREFIX)) {
            builder.extension(name.substring(PREFIX.length()), text(header));
          }
        }
      }
    }
    if (specVersion == null) {
      return null;
    }
    requireSpecVersion(PREFIX + "specversion", specVersion);
    return builder;
  }

  static void requireSpecVersion(String attribute, String specVersion) {
    if (!Envelope.SPEC_VERSION.equals(specVersion)) {
      throw new IllegalArgumentException(
          attribute
              + (specVersion == null ? " is missing" : " is '" + specVersion + "'")
              + "; Herald reads CloudEvents "
              + Envelope.SPEC_VERSION);
    }
  }

  static Instant parseTime(String attribute, String value) {
    try {
      return Rfc3339.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          attribute + " '" + value + "' is not an RFC 3339 timestamp such as 2026-01-02T03:04:05Z",
          e);
    }
  }

  static URI parseUri(String attribute, String value) {
    URI known = KNOWN_URIS.get(value);
    if (known != null) {
      return known;
    }
    try {
      URI uri = new URI(value);
      if (KNOWN_URIS.size() < MAX_KNOWN_URIS) {
        KNOWN_URIS.put(value, uri);
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          attribute + " '" + value + "' is not a URI: " + e.getMessage(), e);
    }
  }

  private static String text(Header header) {
    return header.value() == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
  }

  private static void add(Headers headers, String attribute, String value) {
    headers.add(PREFIX + attribute, value.getBytes(StandardCharsets.UTF_8));
  }

  private static String truncate(String text) {
    String message = text == null ? "unknown" : text;
    return message.length() > 1000 ? message.substring(0, 1000) : message;
  }
}
