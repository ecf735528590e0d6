package dev.herald.gateway;

import dev.herald.core.CloudEventJson;
import dev.herald.core.Envelope;
import dev.herald.core.InvalidEnvelopeException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the events of a publish request in the CloudEvents HTTP binding: binary mode (attributes in
 * {@code ce-} headers, the body is the data, its {@code Content-Type} the {@code datacontenttype}),
 * structured mode ({@value CloudEventJson#MEDIA_TYPE}) and batches ({@value
 * CloudEventJson#BATCH_MEDIA_TYPE}). Stateless.
 */
final class HttpEvents {
  private static final String PREFIX = "ce-";

  private HttpEvents() {}

  /**
   * The events of a request with these headers (lower-case names) and body.
   *
   * @throws GatewayProblem 400 naming the attribute at fault, 415 for a structured format other
   *     than JSON
   */
  static List<Envelope> read(String contentType, Map<String, String> headers, byte[] body) {
    String media = contentType == null ? "" : CloudEventJson.mediaType(contentType);
    try {
      if (media.equals(CloudEventJson.BATCH_MEDIA_TYPE)) {
        List<Envelope> batch = CloudEventJson.readBatch(body);
        if (batch.isEmpty()) {
          throw GatewayProblem.badRequest("empty-batch", "the batch holds no events");
        }
        return batch;
      }
      if (media.equals(CloudEventJson.MEDIA_TYPE)) {
        return List.of(CloudEventJson.read(body));
      }
      if (media.startsWith("application/cloudevents")) {
        throw new GatewayProblem(
            415,
            "unsupported-event-format",
            "Unsupported media type",
            "events in format '"
                + media
                + "' are not supported; send "
                + CloudEventJson.MEDIA_TYPE
                + ", "
                + CloudEventJson.BATCH_MEDIA_TYPE
                + " or binary mode (ce- headers)");
      }
      return List.of(binary(contentType, headers, body));
    } catch (InvalidEnvelopeException e) {
      throw GatewayProblem.badRequest("invalid-event", e.getMessage());
    }
  }

  /**
   * One event given as a CloudEvents JSON object, such as in a WebSocket message.
   *
   * @throws GatewayProblem 400 naming the attribute at fault
   */
  static Envelope structured(com.fasterxml.jackson.databind.JsonNode event) {
    try {
      return CloudEventJson.readBuilder(event).build();
    } catch (InvalidEnvelopeException e) {
      throw GatewayProblem.badRequest("invalid-event", e.getMessage());
    }
  }

  private static Envelope binary(String contentType, Map<String, String> headers, byte[] body) {
    if (!headers.containsKey(PREFIX + "specversion")) {
      throw GatewayProblem.badRequest(
          "not-a-cloudevent",
          "the request is no CloudEvent: send the attributes as ce- headers (ce-specversion: 1.0,"
              + " ce-id, ce-source, ce-type; binary mode) or the event as "
              + CloudEventJson.MEDIA_TYPE);
    }
    Envelope.Builder builder = Envelope.builder();
    String specVersion = null;
    for (Map.Entry<String, String> header : headers.entrySet()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (!name.startsWith(PREFIX)) {
        continue;
      }
      String attribute = name.substring(PREFIX.length());
      String value = decode(attribute, header.getValue());
      switch (attribute) {
        case "specversion" -> specVersion = value;
        case "id" -> builder.id(value);
        case "source" -> builder.source(value);
        case "type" -> builder.type(value);
        case "time" -> builder.time(CloudEventJson.parseTime(attribute, value));
        case "subject" -> builder.subject(value);
        case "dataschema" -> builder.dataSchema(uri(attribute, value));
        case "datacontenttype" ->
            throw new InvalidEnvelopeException(
                attribute, "in binary mode the Content-Type header is the datacontenttype");
        default -> builder.extension(attribute, value);
      }
    }
    if (!Envelope.SPEC_VERSION.equals(specVersion)) {
      throw new InvalidEnvelopeException(
          "specversion", "is '" + specVersion + "'; Herald reads CloudEvents 1.0");
    }
    if (body.length > 0 && contentType != null) {
      builder.dataContentType(contentType);
    }
    return builder.data(body).build();
  }

  // The HTTP binding percent-encodes header values that are not printable ASCII.
  private static String decode(String attribute, String value) {
    if (value.indexOf('%') < 0) {
      return value;
    }
    try {
      return URLDecoder.decode(value.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new InvalidEnvelopeException(attribute, "has a broken percent-encoding: " + value);
    }
  }

  private static URI uri(String attribute, String value) {
    try {
      return new URI(value);
    } catch (URISyntaxException e) {
      throw new InvalidEnvelopeException(attribute, "'" + value + "' is not a URI");
    }
  }
}
