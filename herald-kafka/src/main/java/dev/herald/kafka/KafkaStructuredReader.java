package dev.herald.kafka;

import dev.herald.core.CloudEventJson;
import dev.herald.core.Envelope;

/**
 * Reads a record in the CloudEvents Kafka binding's structured content mode with the JSON event
 * format: the whole event, attributes and data, is one JSON object in the record value.
 */
final class KafkaStructuredReader {
  /** The only structured format Herald reads. */
  static final String JSON_FORMAT = CloudEventJson.MEDIA_TYPE;

  private KafkaStructuredReader() {}

  /** Whether {@code contentType} says the record is a CloudEvent in structured mode. */
  static boolean isStructured(String contentType) {
    return CloudEventJson.mediaType(contentType).startsWith("application/cloudevents");
  }

  /**
   * The envelope in {@code value}, not yet built. Without {@code datacontenttype}, JSON {@code
   * data} is {@code application/json}.
   *
   * @throws IllegalArgumentException if the format is not JSON
   * @throws dev.herald.core.InvalidEnvelopeException naming what is wrong with the event
   */
  static Envelope.Builder read(String contentType, byte[] value) {
    String format = CloudEventJson.mediaType(contentType);
    if (!format.equals(JSON_FORMAT)) {
      throw new IllegalArgumentException(
          "structured CloudEvents in format '"
              + format
              + "' are not supported; use "
              + JSON_FORMAT);
    }
    return CloudEventJson.readBuilder(value);
  }
}
