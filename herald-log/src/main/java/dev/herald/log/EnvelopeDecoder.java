package dev.herald.log;

import dev.herald.core.Envelope;
import dev.herald.core.HeraldException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Reads envelopes written by {@link EnvelopeCodec}. Values that repeat from event to event (source,
 * type, content type, schema, extension names) come from small caches instead of new objects. Not
 * thread-safe: one per reader.
 */
final class EnvelopeDecoder {
  /** A record body that cannot be decoded; the reader adds which file and offset. */
  static final class MalformedBodyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MalformedBodyException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final int SLOTS = 128;
  private static final int MAX_CACHED_LENGTH = 128;
  private static final int MAX_SCHEMAS = 256;

  private final byte[][] keys = new byte[SLOTS][];
  private final String[] values = new String[SLOTS];
  private final Map<String, URI> schemas = new HashMap<>();
  private byte[] bytes;
  private int position;
  private int end;

  /** Decodes the body at {@code [start, end)} of {@code source}. */
  Envelope decode(byte[] source, int start, int end) {
    this.bytes = source;
    this.position = start;
    this.end = end;
    try {
      int format = next();
      if (format != EnvelopeCodec.FORMAT_1) {
        throw new MalformedBodyException(
            "the envelope is in format "
                + format
                + ", which this version of Herald does not read; open the log with the Herald"
                + " version that wrote it, or a newer one",
            null);
      }
      int flags = next();
      Envelope.Builder envelope = Envelope.builder().id(string(false)).source(string(true));
      String specVersion = string(true);
      if (!Envelope.SPEC_VERSION.equals(specVersion)) {
        throw new MalformedBodyException(
            "the envelope has specversion '" + specVersion + "'; only 1.0 is written", null);
      }
      envelope.type(string(true));
      if ((flags & EnvelopeCodec.TIME) != 0) {
        long seconds = Bytes.getLong(bytes, take(8));
        int nanos = Bytes.getInt(bytes, take(4));
        envelope.time(Instant.ofEpochSecond(seconds, nanos));
      }
      if ((flags & EnvelopeCodec.SUBJECT) != 0) {
        envelope.subject(string(false));
      }
      if ((flags & EnvelopeCodec.CONTENT_TYPE) != 0) {
        envelope.dataContentType(string(true));
      }
      if ((flags & EnvelopeCodec.SCHEMA) != 0) {
        envelope.dataSchema(schema(string(true)));
      }
      int count = varint();
      for (int i = 0; i < count; i++) {
        envelope.extension(string(true), string(false));
      }
      int length = varint();
      envelope.data(Arrays.copyOfRange(bytes, take(length), position));
      if (position != end) {
        throw new MalformedBodyException(
            (end - position) + " bytes are left over after the envelope", null);
      }
      return envelope.build();
    } catch (IndexOutOfBoundsException | HeraldException | IllegalArgumentException e) {
      if (e instanceof MalformedBodyException malformed) {
        throw malformed;
      }
      throw new MalformedBodyException("the envelope cannot be decoded: " + e.getMessage(), e);
    } finally {
      this.bytes = null;
    }
  }

  private int next() {
    return bytes[take(1)] & 0xff;
  }

  /** Returns the current position and moves past {@code count} bytes. */
  private int take(int count) {
    if (count < 0 || count > end - position) {
      throw new IndexOutOfBoundsException(
          "a field of " + count + " bytes runs past the end of the record");
    }
    int at = position;
    position += count;
    return at;
  }

  private int varint() {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = next();
      value |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IndexOutOfBoundsException("a length field is longer than 5 bytes");
  }

  private String string(boolean repeats) {
    int length = varint();
    int start = take(length);
    return repeats && length <= MAX_CACHED_LENGTH
        ? cached(start, length)
        : new String(bytes, start, length, StandardCharsets.UTF_8);
  }

  private String cached(int start, int length) {
    int hash = length;
    if (length >= 8) {
      // the ends tell repeated names apart well enough; equality is checked below anyway
      long ends = Bytes.getLong(bytes, start) * 31 + Bytes.getLong(bytes, start + length - 8);
      hash = 31 * hash + Long.hashCode(ends);
    } else {
      for (int i = start; i < start + length; i++) {
        hash = 31 * hash + bytes[i];
      }
    }
    int slot = (hash ^ (hash >>> 16)) & (SLOTS - 1);
    byte[] key = keys[slot];
    if (key != null && Arrays.equals(key, 0, key.length, bytes, start, start + length)) {
      return values[slot];
    }
    String value = new String(bytes, start, length, StandardCharsets.UTF_8);
    keys[slot] = Arrays.copyOfRange(bytes, start, start + length);
    values[slot] = value;
    return value;
  }

  private URI schema(String text) {
    URI schema = schemas.get(text);
    if (schema == null) {
      schema = URI.create(text);
      if (schemas.size() >= MAX_SCHEMAS) {
        schemas.clear();
      }
      schemas.put(text, schema);
    }
    return schema;
  }
}
