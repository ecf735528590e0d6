package dev.herald.log;

import dev.herald.core.Envelope;

/**
 * Writes envelopes in the log's binary format. Format 1, after the record header:
 *
 * <pre>
 * byte    format       1
 * byte    flags        1 time, 2 subject, 4 datacontenttype, 8 dataschema present
 * string  id, source, specversion, type
 * [long seconds, int nanos]   time, if flagged
 * [string] subject, datacontenttype, dataschema (as URI text), each if flagged
 * varint  extension count, then per extension: string name, string value (in name order)
 * varint  data length, then the data bytes
 * </pre>
 *
 * A string is a varint byte count and UTF-8 bytes; a varint is unsigned LEB128. A reader that meets
 * a format byte it does not know stops with an error rather than guess.
 */
final class EnvelopeCodec {
  static final int FORMAT_1 = 1;
  static final int TIME = 1;
  static final int SUBJECT = 2;
  static final int CONTENT_TYPE = 4;
  static final int SCHEMA = 8;

  /** Format, flags, four one-byte strings at least, the extension count and the data length. */
  static final int MIN_BODY = 2 + 4 * 2 + 1 + 1;

  private EnvelopeCodec() {}

  /** Bytes the record of {@code envelope} probably takes, to size buffers; cheap to compute. */
  static int estimate(Envelope envelope) {
    return envelope.data().length + 320;
  }

  /** Appends a whole record for {@code envelope}, with its header still to be sealed. */
  static void writeRecord(Envelope envelope, RecordBuffer out) {
    int start = out.size();
    out.skip(RecordFormat.HEADER);
    write(envelope, out);
    out.putInt(start, out.size() - start - 4);
  }

  static void write(Envelope envelope, RecordBuffer out) {
    int flags =
        (envelope.time().isPresent() ? TIME : 0)
            | (envelope.subject().isPresent() ? SUBJECT : 0)
            | (envelope.dataContentType().isPresent() ? CONTENT_TYPE : 0)
            | (envelope.dataSchema().isPresent() ? SCHEMA : 0);
    out.put(FORMAT_1);
    out.put(flags);
    out.putString(envelope.id());
    out.putString(envelope.source());
    out.putString(envelope.specVersion());
    out.putString(envelope.type());
    if (envelope.time().isPresent()) {
      java.time.Instant time = envelope.time().get();
      out.putLong(time.getEpochSecond());
      out.putInt(time.getNano());
    }
    envelope.subject().ifPresent(out::putString);
    envelope.dataContentType().ifPresent(out::putString);
    envelope.dataSchema().ifPresent(schema -> out.putString(schema.toString()));
    out.putVarint(envelope.extensions().size());
    envelope
        .extensions()
        .forEach(
            (name, value) -> {
              out.putString(name);
              out.putString(value);
            });
    out.putBytes(envelope.data());
  }
}
