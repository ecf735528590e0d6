package dev.herald.core;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * An event on the wire: the CloudEvents 1.0 context attributes, Herald's extensions and the data
 * bytes. Transports store and move envelopes; they never see Java event types.
 *
 * <p>Every envelope is valid: the constructor checks all attributes through {@link EnvelopeRules}
 * and throws {@link InvalidEnvelopeException} naming the attribute at fault. Instances are
 * immutable except for the {@code data} array, which callers must not modify.
 *
 * @param id unique id of the event within its source
 * @param source who published it; for Herald services the service name
 * @param specVersion CloudEvents version, always {@value #SPEC_VERSION}
 * @param type the event type name, such as {@code shop.order.placed}
 * @param time when the event happened, if known
 * @param subject what the event is about (Herald puts the key here), if any
 * @param dataContentType media type of {@code data}, if given
 * @param dataSchema the schema {@code data} follows, if given
 * @param extensions extension attributes by lower-case name, in name order
 * @param data the payload bytes, possibly empty
 */
@SuppressWarnings("ArrayRecordComponent") // equals, hashCode and toString are overridden
public record Envelope(
    String id,
    String source,
    String specVersion,
    String type,
    Optional<Instant> time,
    Optional<String> subject,
    Optional<String> dataContentType,
    Optional<URI> dataSchema,
    Map<String, String> extensions,
    byte[] data) {

  /** The only CloudEvents spec version Herald speaks. */
  public static final String SPEC_VERSION = "1.0";

  /** Extension: id shared by every event of one flow. */
  public static final String CORRELATION_ID = "correlationid";

  /** Extension: id of the event whose handling published this one. */
  public static final String CAUSATION_ID = "causationid";

  /** Extension: the key that picks the partition. */
  public static final String PARTITION_KEY = "partitionkey";

  /** Extension: W3C Trace Context {@code traceparent} of the span that published this event. */
  public static final String TRACEPARENT = "traceparent";

  /** Checks every attribute and copies the extensions into an unmodifiable sorted map. */
  public Envelope {
    EnvelopeRules.check(
        id,
        source,
        specVersion,
        type,
        time,
        subject,
        dataContentType,
        dataSchema,
        extensions,
        data);
    extensions = Extensions.copyOf(extensions);
  }

  /** Starts a builder; {@code id}, {@code source} and {@code type} must be set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder that starts from this envelope's attributes. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.source = source;
    b.type = type;
    b.time = time.orElse(null);
    b.subject = subject.orElse(null);
    b.dataContentType = dataContentType.orElse(null);
    b.dataSchema = dataSchema.orElse(null);
    extensions.forEach(b.extensions::put);
    b.data = data;
    return b;
  }

  /** The value of extension {@code name}, if present. */
  public Optional<String> extension(String name) {
    return Optional.ofNullable(extensions.get(name));
  }

  /** The correlation id extension, if present. */
  public Optional<String> correlationId() {
    return extension(CORRELATION_ID);
  }

  /** The causation id extension, if present. */
  public Optional<String> causationId() {
    return extension(CAUSATION_ID);
  }

  /** The partition key extension, if present. */
  public Optional<String> partitionKey() {
    return extension(PARTITION_KEY);
  }

  /** The data decoded as UTF-8, for logs and tools. */
  public String dataAsString() {
    return new String(data, StandardCharsets.UTF_8);
  }

  /** Bytes this envelope takes, roughly: data plus attribute characters. */
  public long approximateSize() {
    long size = (long) data.length + id.length() + source.length() + type.length();
    for (Map.Entry<String, String> e : extensions.entrySet()) {
      size += e.getKey().length() + e.getValue().length();
    }
    return size + subject.map(String::length).orElse(0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Envelope e
        && id.equals(e.id)
        && source.equals(e.source)
        && specVersion.equals(e.specVersion)
        && type.equals(e.type)
        && time.equals(e.time)
        && subject.equals(e.subject)
        && dataContentType.equals(e.dataContentType)
        && dataSchema.equals(e.dataSchema)
        && extensions.equals(e.extensions)
        && Arrays.equals(data, e.data);
  }

  @Override
  public int hashCode() {
    return 31 * java.util.Objects.hash(id, source, type, time, subject, extensions)
        + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "Envelope[id="
        + id
        + ", source="
        + source
        + ", type="
        + type
        + ", subject="
        + subject.orElse("-")
        + ", extensions="
        + extensions
        + ", data="
        + data.length
        + " bytes]";
  }

  /** Builds an {@link Envelope}; not thread-safe. */
  public static final class Builder {
    private String id;
    private String source;
    private String type;
    private Instant time;
    private String subject;
    private String dataContentType;
    private URI dataSchema;
    private final Extensions.Sorted extensions = new Extensions.Sorted(4);
    private byte[] data = new byte[0];

    private Builder() {}

    /** Sets the id. */
    public Builder id(String id) {
      this.id = id;
      return this;
    }

    /** Sets the source. */
    public Builder source(String source) {
      this.source = source;
      return this;
    }

    /** Sets the type. */
    public Builder type(String type) {
      this.type = type;
      return this;
    }

    /** Sets the time. */
    public Builder time(Instant time) {
      this.time = time;
      return this;
    }

    /** Sets the subject. */
    public Builder subject(String subject) {
      this.subject = subject;
      return this;
    }

    /** Sets the data content type. */
    public Builder dataContentType(String dataContentType) {
      this.dataContentType = dataContentType;
      return this;
    }

    /** Sets the data schema. */
    public Builder dataSchema(URI dataSchema) {
      this.dataSchema = dataSchema;
      return this;
    }

    /** Sets extension {@code name}. */
    public Builder extension(String name, String value) {
      if (name == null) {
        throw new InvalidEnvelopeException(
            "null", "extension names are 1 to 20 lower-case letters or digits");
      }
      extensions.put(name, value);
      return this;
    }

    /** Removes extension {@code name}. */
    public Builder withoutExtension(String name) {
      extensions.remove(name);
      return this;
    }

    /** Sets the data; the array is used as is, not copied. */
    public Builder data(byte[] data) {
      this.data = data;
      return this;
    }

    /** Sets the data to the UTF-8 bytes of {@code text}. */
    public Builder data(String text) {
      this.data = text.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    /**
     * Builds the envelope.
     *
     * @throws InvalidEnvelopeException if an attribute breaks a rule
     */
    public Envelope build() {
      return new Envelope(
          id,
          source,
          SPEC_VERSION,
          type,
          Optional.ofNullable(time),
          Optional.ofNullable(subject),
          Optional.ofNullable(dataContentType),
          Optional.ofNullable(dataSchema),
          extensions.build(),
          data);
    }
  }
}
