package dev.herald.core;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one place where envelope attributes are validated: CloudEvents 1.0 rules plus Herald's size
 * bounds, so that a bad event is refused at the edge instead of breaking a consumer later.
 */
final class EnvelopeRules {
  /** Longest id, type, source or subject, in characters. */
  static final int MAX_ATTRIBUTE_LENGTH = 1024;

  /** Longest extension value, in characters. */
  static final int MAX_EXTENSION_VALUE_LENGTH = 4096;

  /** Most extensions on one envelope. */
  static final int MAX_EXTENSIONS = 64;

  /** Largest data, in bytes; transports may set lower limits in their features. */
  static final int MAX_DATA_BYTES = 16 * 1024 * 1024;

  private static final int MAX_EXTENSION_NAME_LENGTH = 20;
  private static final Set<String> RESERVED =
      Set.of(
          "id",
          "source",
          "specversion",
          "type",
          "time",
          "subject",
          "datacontenttype",
          "dataschema",
          "data",
          "data_base64");

  private static final int MAX_REMEMBERED_SOURCES = 10_000;
  private static final Set<String> VALID_SOURCES = ConcurrentHashMap.newKeySet();
  private static final Set<String> VALID_TEXTS = ConcurrentHashMap.newKeySet();

  private EnvelopeRules() {}

  @SuppressWarnings("OptionalUsedAsFieldOrParameterType") // mirrors the record components
  static void check(
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
    requireText("id", id);
    checkSource(source);
    if (!Envelope.SPEC_VERSION.equals(specVersion)) {
      throw new InvalidEnvelopeException(
          "specversion", "must be " + Envelope.SPEC_VERSION + ", was '" + specVersion + "'");
    }
    requireKnownText("type", type);
    requirePresent("time", time);
    requirePresent("subject", subject);
    subject.ifPresent(s -> requireText("subject", s));
    requirePresent("datacontenttype", dataContentType);
    dataContentType.ifPresent(s -> requireKnownText("datacontenttype", s));
    requirePresent("dataschema", dataSchema);
    if (extensions == null) {
      throw new InvalidEnvelopeException("extensions", "must not be null; pass an empty map");
    }
    if (extensions.size() > MAX_EXTENSIONS) {
      throw new InvalidEnvelopeException(
          "extensions", "has " + extensions.size() + " entries, at most " + MAX_EXTENSIONS);
    }
    extensions.forEach(EnvelopeRules::checkExtension);
    if (data == null) {
      throw new InvalidEnvelopeException("data", "must not be null; pass an empty array");
    }
    if (data.length > MAX_DATA_BYTES) {
      throw new InvalidEnvelopeException(
          "data", "is " + data.length + " bytes, at most " + MAX_DATA_BYTES);
    }
  }

  // A process sees few sources (one per service); parsing each as a URI on every event is waste.
  private static void checkSource(String source) {
    if (source != null && VALID_SOURCES.contains(source)) {
      return;
    }
    requireText("source", source);
    try {
      new URI(source);
    } catch (URISyntaxException e) {
      throw new InvalidEnvelopeException(
          "source", "'" + source + "' is not a URI reference (" + e.getReason() + ")");
    }
    if (VALID_SOURCES.size() < MAX_REMEMBERED_SOURCES) {
      VALID_SOURCES.add(source);
    }
  }

  private static void checkExtension(String name, String value) {
    if (!isExtensionName(name)) {
      throw new InvalidEnvelopeException(
          String.valueOf(name), "extension names are 1 to 20 lower-case letters or digits");
    }
    if (RESERVED.contains(name)) {
      throw new InvalidEnvelopeException(
          name, "is a CloudEvents context attribute and cannot be an extension");
    }
    if (value == null) {
      throw new InvalidEnvelopeException(name, "extension value must not be null");
    }
    if (value.length() > MAX_EXTENSION_VALUE_LENGTH) {
      throw new InvalidEnvelopeException(
          name, "is " + value.length() + " characters, at most " + MAX_EXTENSION_VALUE_LENGTH);
    }
  }

  // By hand, not by regex: this runs for every extension of every event read or written.
  private static boolean isExtensionName(String name) {
    if (name == null || name.isEmpty() || name.length() > MAX_EXTENSION_NAME_LENGTH) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
        return false;
      }
    }
    return true;
  }

  // Types and content types repeat on every event; each distinct value is checked once.
  private static void requireKnownText(String attribute, String value) {
    if (value != null && VALID_TEXTS.contains(value)) {
      return;
    }
    requireText(attribute, value);
    if (VALID_TEXTS.size() < MAX_REMEMBERED_SOURCES) {
      VALID_TEXTS.add(value);
    }
  }

  private static void requireText(String attribute, String value) {
    if (value == null || value.isEmpty()) {
      throw new InvalidEnvelopeException(attribute, "is required and must not be empty");
    }
    if (value.length() > MAX_ATTRIBUTE_LENGTH) {
      throw new InvalidEnvelopeException(
          attribute, "is " + value.length() + " characters, at most " + MAX_ATTRIBUTE_LENGTH);
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        throw new InvalidEnvelopeException(attribute, "contains a control character at index " + i);
      }
    }
  }

  private static void requirePresent(String attribute, Optional<?> value) {
    if (value == null) {
      throw new InvalidEnvelopeException(attribute, "must not be null; use Optional.empty()");
    }
  }
}
